package io.friendchat.server.account;

import java.time.Instant;

/** A person with an account. {@code username} and {@code email} are stored as typed. */
public record User(
        String id, String username, String email, String displayName, String passwordHash, Instant createdAt) {

    /** The key that makes usernames and emails unique without regard to case. */
    public static String caseKey(String value) {
        return value.toLowerCase(java.util.Locale.ROOT);
    }
}
