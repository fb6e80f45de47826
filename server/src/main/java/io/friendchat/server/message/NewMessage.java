package io.friendchat.server.message;

import java.time.Instant;

/** A message to append: the store assigns its {@code seq}. */
public record NewMessage(
        String id, String roomId, String authorId, String clientId, Message.Kind kind, String body, Instant createdAt) {

    public Message withSeq(long seq) {
        return new Message(id, roomId, seq, authorId, clientId, kind, body, createdAt);
    }
}
