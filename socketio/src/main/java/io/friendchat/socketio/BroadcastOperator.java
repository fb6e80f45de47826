package io.friendchat.socketio;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An immutable broadcast target: rooms to reach and rooms or socket ids to leave out. {@link
 * #emit} encodes the packet once and hands the same frames to every selected socket.
 */
public final class BroadcastOperator {
    private final Namespace namespace;
    private final Set<String> rooms;
    private final Set<String> except;

    BroadcastOperator(Namespace namespace, Set<String> rooms, Set<String> except) {
        this.namespace = namespace;
        this.rooms = Set.copyOf(rooms);
        this.except = Set.copyOf(except);
    }

    /** Also reach these rooms. */
    public BroadcastOperator to(String... more) {
        return new BroadcastOperator(namespace, union(rooms, more), except);
    }

    /** Leave out the sockets in these rooms (a socket id names the room of that socket). */
    public BroadcastOperator except(String... more) {
        return new BroadcastOperator(namespace, rooms, union(except, more));
    }

    /** Sends the event to every selected socket; arguments are serialised with Jackson. */
    public void emit(String event, Object... args) {
        Socket.checkEventName(event);
        EncodedPacket packet = namespace.server().encoder().event(namespace.name(), -1, event, args);
        namespace.adapter().broadcast(packet, new BroadcastOptions(rooms, except));
    }

    /** The ids of the selected sockets, as the adapter knows them. */
    public Set<String> socketIds() {
        Set<String> ids = new HashSet<>(namespace.adapter().sockets(rooms));
        if (!except.isEmpty()) {
            ids.removeAll(namespace.adapter().sockets(except));
        }
        return ids;
    }

    private static Set<String> union(Set<String> base, String[] more) {
        Set<String> out = new HashSet<>(base);
        out.addAll(List.of(more));
        return out;
    }
}
