package io.friendchat.server.realtime;

import io.friendchat.server.account.User;
import io.friendchat.socketio.Socket;
import java.util.HashSet;
import java.util.Set;

/**
 * What the chat keeps for one socket: who it is (kept current when the profile changes, so a send
 * stamps the current display name without a query), the session it was opened with, and the
 * rooms it is viewing, so that its disconnect touches only those rooms.
 */
public final class SocketSession {
    private static final String KEY = "friendchat.session";

    private final String tokenHash;
    /**
     * The rooms this socket is viewing, replaced whole on each change: a tab views one room at a
     * time, and an immutable set of one costs a few words where a concurrent set is a map.
     */
    private volatile Set<String> viewing = Set.of();

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

    /** The rooms this socket is viewing (a snapshot); PresenceTracker keeps it. */
    Set<String> viewing() {
        return viewing;
    }

    /** Marks the room viewed; false if it already was. */
    synchronized boolean startViewing(String roomId) {
        if (viewing.contains(roomId)) {
            return false;
        }
        Set<String> more = new HashSet<>(viewing);
        more.add(roomId);
        viewing = Set.copyOf(more);
        return true;
    }

    /** Marks the room no longer viewed; false if it was not. */
    synchronized boolean stopViewing(String roomId) {
        if (!viewing.contains(roomId)) {
            return false;
        }
        Set<String> fewer = new HashSet<>(viewing);
        fewer.remove(roomId);
        viewing = Set.copyOf(fewer);
        return true;
    }
}
