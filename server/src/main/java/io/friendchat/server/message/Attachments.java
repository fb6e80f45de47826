package io.friendchat.server.message;

import io.friendchat.server.common.InvalidException;
import java.util.Collection;
import java.util.Map;

/**
 * Files that messages carry, as the message feature sees them: it names a file by id when a
 * message is sent, and shows each message's file as an opaque object (docs/protocol.md). The
 * file feature implements it; {@link #NONE} refuses every file.
 */
public interface Attachments {
    Attachments NONE = new Attachments() {
        @Override
        public Object attach(String userId, String roomId, String fileId, String messageId, String clientId) {
            throw new InvalidException("invalid_attachment", "Files cannot be attached here.");
        }

        @Override
        public Map<String, Object> of(Collection<String> messageIds) {
            return Map.of();
        }
    };

    /**
     * Before the message {@code messageId} is stored: makes it the carrier of {@code fileId},
     * which {@code userId} uploaded to {@code roomId} and no other message carries (else {@code
     * invalid_attachment}). A retry of the same send ({@code clientId}) finds the file already
     * carried by the message it stored, and goes through. Returns the file as clients see it.
     */
    Object attach(String userId, String roomId, String fileId, String messageId, String clientId);

    /** The files carried by these messages, by message id; messages without one are left out. */
    Map<String, Object> of(Collection<String> messageIds);
}
