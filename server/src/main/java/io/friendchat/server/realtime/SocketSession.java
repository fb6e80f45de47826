package io.friendchat.server.realtime;

import io.friendchat.server.account.User;
import io.friendchat.socketio.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the chat keeps for one socket: who it is (kept current when the profile changes, so a send
 * stamps the current display name without a query), the session it was opened with, and the
 * rooms it is viewing, so that its disconnect touches only those rooms.
 */
public final class SocketSession {
    private static final String KEY = "friendchat.session";

    private final String tokenHash;
    private final Set<String> viewing = ConcurrentHashMap.newKeySet();
    private volatile User user;

    private SocketSession(User user, String tokenHash) {
        this.user = user;
        this.tokenHash = tokenHash;
    }

    static void attach(Socket socket, User user, String tokenHash) {
        socket.data().put(KEY, new SocketSession(user, tokenHash));
    }

    /** The session of an authenticated socket. */
    public static SocketSession of(Socket socket) {
        return (SocketSession) socket.data().get(KEY);
    }

    public User user() {
        return user;
    }

    void user(User current) {
        this.user = current;
    }

    String tokenHash() {
        return tokenHash;
    }

    /** The rooms this socket is viewing; PresenceTracker keeps it. */
    Set<String> viewing() {
        return viewing;
    }
}
