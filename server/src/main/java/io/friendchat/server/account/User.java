package io.friendchat.server.account;

import java.time.Instant;

/**
 * A person with an account. {@code username} and {@code email} are stored as typed. {@code admin}
 * is the stored server-admin flag (set with the admin command; see {@link ServerAdmins} for who
 * is an admin); a {@code deactivated} user cannot log in, and their messages stay. {@code
 * avatarVersion} is 0 without an avatar, and changes with every new one (it busts caches).
 */
public record User(
        String id,
        String username,
        String email,
        String displayName,
        String passwordHash,
        Instant createdAt,
        boolean admin,
        boolean deactivated,
        long avatarVersion) {

    /** A user without an avatar. */
    public User(
            String id,
            String username,
            String email,
            String displayName,
            String passwordHash,
            Instant createdAt,
            boolean admin,
            boolean deactivated) {
        this(id, username, email, displayName, passwordHash, createdAt, admin, deactivated, 0);
    }

    /** A new, active user who is not an admin. */
    public User(String id, String username, String email, String displayName, String passwordHash, Instant createdAt) {
        this(id, username, email, displayName, passwordHash, createdAt, false, false);
    }

    /** The key that makes usernames and emails unique without regard to case. */
    public static String caseKey(String value) {
        return value.toLowerCase(java.util.Locale.ROOT);
    }
}
