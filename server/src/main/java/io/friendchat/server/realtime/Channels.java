package io.friendchat.server.realtime;

/**
 * The Socket.IO rooms the chat uses: {@code u:USERID} holds every socket of a user, and {@code
 * r:ROOMID} every socket of every member of a chat room, viewing it or not (so badges update on
 * the dashboard too).
 */
public final class Channels {
    private Channels() {}

    public static String room(String roomId) {
        return "r:" + roomId;
    }

    public static String user(String userId) {
        return "u:" + userId;
    }
}
