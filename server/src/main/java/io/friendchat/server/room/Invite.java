package io.friendchat.server.room;

import java.time.Instant;

/**
 * A link that lets whoever holds it join a room. The token is random and unguessable; {@code
 * expiresAt} and {@code maxUses} are optional (null: never, unlimited). {@code uses} counts the
 * people who joined with it.
 */
public record Invite(
        String token,
        String roomId,
        String createdBy,
        Instant createdAt,
        Instant expiresAt,
        Integer maxUses,
        int uses) {

    public boolean expired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    public boolean usedUp() {
        return maxUses != null && uses >= maxUses;
    }
}
