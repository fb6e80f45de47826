package io.friendchat.server.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.friendchat.server.account.User;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A message as clients see it: the author's public profile instead of an id alone, and a system
 * message's event as an object. Text is sent exactly as stored; clients render it as text.
 * {@code editedAt}, {@code deleted}, {@code deletedAt}, {@code replyTo} and {@code attachment}
 * (the file the message carries, see docs/protocol.md) are left out when they do not apply.
 */
public record MessageView(
        String id,
        String roomId,
        long seq,
        String kind,
        String body,
        Map<String, Object> system,
        Author author,
        String clientId,
        Instant createdAt,
        long rev,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant editedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean deleted,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant deletedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) Quote replyTo,
        List<ReactionView> reactions,
        List<String> mentions,
        @JsonInclude(JsonInclude.Include.NON_NULL) Object attachment) {

    /** What other people see of a user: never the email or the password hash. */
    public record Author(String id, String username, String displayName) {
        public static Author of(User user) {
            return new Author(user.id(), user.username(), user.displayName());
        }
    }

    /** The message a reply quotes, as it is now: {@code excerpt} is the start of its text. */
    public record Quote(String id, long seq, Author author, String excerpt, boolean deleted) {}

    /** One emoji on a message: how many put it there, and who, in the order they did. */
    public record ReactionView(String emoji, int count, List<String> userIds) {}
}
