package io.friendchat.server.realtime;

/**
 * The Socket.IO rooms the chat uses: {@code u:USERID} holds every socket of a user, and {@code
 * r:ROOMID} every socket of every member of a chat room, viewing it or not (so badges update on
 * the dashboard too), and {@code s:TOKENHASH} every socket of one login session. Operations on
 * them ({@code socketsJoin}, {@code disconnectSockets}) reach every node of a cluster.
 */
public final class Channels {
    private Channels() {}

    public static String room(String roomId) {
        return "r:" + roomId;
    }

    /** The chat room id of a {@link #room} channel, or null for any other Socket.IO room. */
    public static String roomIdOf(String channel) {
        return channel.startsWith("r:") ? channel.substring(2) : null;
    }

    /** Every socket opened with one login session, to cut them all when it ends. */
    public static String session(String tokenHash) {
        return "s:" + tokenHash;
    }

    public static String user(String userId) {
        return "u:" + userId;
    }
}
