package io.friendchat.server.account;

import java.time.Instant;

/**
 * A server-side login session. Only the SHA-256 of the token is stored, so a stolen copy of
 * the database does not let anyone log in. {@code expiresAt} is the earlier of the idle and
 * the absolute deadline and moves forward when the session is used.
 */
public record Session(
        String tokenHash,
        String userId,
        Instant createdAt,
        Instant lastSeenAt,
        Instant expiresAt,
        String userAgent,
        String ip) {}
