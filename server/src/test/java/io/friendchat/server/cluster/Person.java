package io.friendchat.server.cluster;

import io.friendchat.server.testing.ApiClient;

/** A signed-up user: the session token is the one their tabs connect with, on any node. */
record Person(String username, String id, String token) {
    /** Signs up through {@code node}. */
    static Person signup(FriendChatNode node, String username) {
        ApiClient api = ApiClient.at(node.url()).signup(username);
        return new Person(username, api.userId(), api.sessionToken());
    }

    /** This user's API client on {@code node}. */
    ApiClient api(FriendChatNode node) {
        return ApiClient.at(node.url()).withSessionToken(token);
    }
}
