package io.friendchat.server.account;

import java.time.Instant;
import java.util.Optional;

/** Login sessions, keyed by the SHA-256 of their token. */
public interface SessionStore {
    void create(Session session);

    Optional<Session> findByTokenHash(String tokenHash);

    /** Records a use of the session; a no-op when it no longer exists. */
    void touch(String tokenHash, Instant lastSeenAt, Instant expiresAt);

    /** Deletes one session; true when it existed. */
    boolean delete(String tokenHash);

    /**
     * Deletes every session of a user except {@code keepTokenHash} (which may be null to delete
     * them all), and returns how many went.
     */
    int deleteAllForUser(String userId, String keepTokenHash);

    /** Deletes sessions whose {@code expiresAt} is before {@code now}; returns how many went. */
    int deleteExpired(Instant now);
}
