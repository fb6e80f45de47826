package io.friendchat.server.people;

import io.friendchat.server.account.User;

/**
 * What anyone signed in may see of a user: never an e-mail address or anything else private.
 * {@code avatarUrl} is null without an avatar; it changes with every new one, so it can be cached.
 */
public record Person(String id, String username, String displayName, String avatarUrl) {
    public static Person of(User user) {
        return new Person(user.id(), user.username(), user.displayName(), avatarUrl(user));
    }

    public static String avatarUrl(User user) {
        return user.avatarVersion() == 0 ? null : "/api/users/" + user.id() + "/avatar?v=" + user.avatarVersion();
    }
}
