package io.friendchat.socketio;

import java.util.Set;

/**
 * Whom a broadcast or a socket operation reaches: the sockets in any of {@code rooms} (every
 * socket of the namespace when empty), minus the sockets in any of {@code except}. Every socket is
 * in a room named by its own id, so socket ids work in both sets. With {@code local}, only the
 * sockets of this node are reached, even through a multi-node adapter.
 */
public record BroadcastOptions(Set<String> rooms, Set<String> except, boolean local) {
    public BroadcastOptions {
        rooms = Set.copyOf(rooms);
        except = Set.copyOf(except);
    }

    public BroadcastOptions(Set<String> rooms, Set<String> except) {
        this(rooms, except, false);
    }
}
