package io.friendchat.socketio;

import java.util.Set;

/**
 * Whom a broadcast reaches: the sockets in any of {@code rooms} (every socket of the namespace
 * when empty), minus the sockets in any of {@code except}. Every socket is in a room named by its
 * own id, so socket ids work in both sets.
 */
public record BroadcastOptions(Set<String> rooms, Set<String> except) {
    public BroadcastOptions {
        rooms = Set.copyOf(rooms);
        except = Set.copyOf(except);
    }
}
