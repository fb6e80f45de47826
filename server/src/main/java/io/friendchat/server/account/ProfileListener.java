package io.friendchat.server.account;

/**
 * Told when a user's public profile changes, so that what is kept in memory for their open
 * connections (and stamped on the messages they send) shows the change at once.
 */
@FunctionalInterface
public interface ProfileListener {
    ProfileListener NONE = user -> {};

    /** {@code user} as now stored. */
    void profileChanged(User user);
}
