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
    private final boolean local;

    BroadcastOperator(Namespace namespace, Set<String> rooms, Set<String> except, boolean local) {
        this.namespace = namespace;
        this.rooms = Set.copyOf(rooms);
        this.except = Set.copyOf(except);
        this.local = local;
    }

    /** Also reach these rooms. */
    public BroadcastOperator to(String... more) {
        return new BroadcastOperator(namespace, union(rooms, more), except, local);
    }

    /** Leave out the sockets in these rooms (a socket id names the room of that socket). */
    public BroadcastOperator except(String... more) {
        return new BroadcastOperator(namespace, rooms, union(except, more), local);
    }

    /** Reach only the sockets of this node, even through a multi-node adapter. */
    public BroadcastOperator local() {
        return new BroadcastOperator(namespace, rooms, except, true);
    }

    /** Sends the event to every selected socket; arguments are serialised with Jackson. */
    public void emit(String event, Object... args) {
        Socket.checkEventName(event);
        EncodedPacket packet = namespace.server().encoder().event(namespace.name(), -1, event, args);
        namespace.adapter().broadcast(packet, options());
    }

    /** Makes every selected socket, on whichever node it is, join these rooms too. */
    public void socketsJoin(String... more) {
        namespace.adapter().addSockets(options(), Set.of(more));
    }

    /** Makes every selected socket, on whichever node it is, leave these rooms. */
    public void socketsLeave(String... more) {
        namespace.adapter().delSockets(options(), Set.of(more));
    }

    /**
     * Disconnects every selected socket, on whichever node it is; with {@code closeConnection}
     * also their underlying connections (see {@link Socket#disconnect(boolean)}).
     */
    public void disconnectSockets(boolean closeConnection) {
        namespace.adapter().disconnectSockets(options(), closeConnection);
    }

    private BroadcastOptions options() {
        return new BroadcastOptions(rooms, except, local);
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
