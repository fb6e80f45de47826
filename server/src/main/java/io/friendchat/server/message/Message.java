package io.friendchat.server.message;

import java.time.Instant;

/**
 * A message in a room. {@code seq} numbers a room's messages 1, 2, 3... with no gaps.
 * System messages (membership changes and the like) have no author. {@code clientId} is the
 * sender's idempotency key: {@code (roomId, authorId, clientId)} is unique.
 */
public record Message(
        String id,
        String roomId,
        long seq,
        String authorId,
        String clientId,
        Kind kind,
        String body,
        Instant createdAt) {

    public enum Kind {
        TEXT,
        SYSTEM;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Kind fromWire(String value) {
            return valueOf(value.toUpperCase(java.util.Locale.ROOT));
        }
    }
}
