package io.friendchat.server.message;

import java.time.Instant;
import java.util.List;

/** A message to append: the store assigns its {@code seq}. */
public record NewMessage(
        String id,
        String roomId,
        String authorId,
        String clientId,
        Message.Kind kind,
        String body,
        Instant createdAt,
        String replyToId,
        List<String> mentions) {

    public NewMessage {
        mentions = mentions == null ? List.of() : List.copyOf(mentions);
    }

    /** A message that quotes nothing and mentions nobody. */
    public NewMessage(
            String id,
            String roomId,
            String authorId,
            String clientId,
            Message.Kind kind,
            String body,
            Instant createdAt) {
        this(id, roomId, authorId, clientId, kind, body, createdAt, null, List.of());
    }

    public Message withSeq(long seq) {
        return new Message(
                id, roomId, seq, authorId, clientId, kind, body, createdAt, 0, null, null, replyToId, mentions,
                List.of());
    }
}
