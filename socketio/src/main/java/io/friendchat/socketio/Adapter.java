package io.friendchat.socketio;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Rooms, presence and broadcast of one {@link Namespace}. Each namespace has its own adapter,
 * made by {@link SocketIoOptions#adapterFactory()}. {@link InMemoryAdapter} serves one node; a
 * multi-node adapter (e.g. over Redis pub/sub) extends it, relays {@link #broadcast} to the other
 * nodes as {@link EncodedPacket#text()} plus {@link EncodedPacket#attachments()}, and delivers
 * locally with the inherited method; so too {@link #addSockets}, {@link #delSockets} and {@link
 * #disconnectSockets}. Options marked {@link BroadcastOptions#local()} stay on this node.
 *
 * <p>Implementations must be thread-safe: every method may be called from any thread.
 */
public interface Adapter {
    /** Adds a socket to rooms. */
    void addAll(String socketId, Set<String> rooms);

    /** Removes a socket from one room. */
    void del(String socketId, String room);

    /** Removes a socket from every room; called when it disconnects. */
    void delAll(String socketId);

    /** The rooms a socket is in (a snapshot), empty when unknown. */
    Set<String> rooms(String socketId);

    /** The ids of the sockets in any of these rooms (a snapshot); every socket when empty. */
    Set<String> sockets(Set<String> rooms);

    /**
     * The ids of the sockets in any of these rooms across every node (every socket when empty).
     * The in-memory adapter answers at once with {@link #sockets(Set)}; a multi-node adapter asks
     * the other nodes, hence the future.
     */
    default CompletableFuture<Set<String>> fetchSockets(Set<String> rooms) {
        return CompletableFuture.completedFuture(sockets(rooms));
    }

    /**
     * Writes an already-encoded packet to every socket the options select. Must not block on the
     * network and must not re-encode per socket.
     */
    void broadcast(EncodedPacket packet, BroadcastOptions options);

    /** Makes the sockets the options select (on every node, unless local) join these rooms. */
    void addSockets(BroadcastOptions options, Set<String> rooms);

    /** Makes the sockets the options select (on every node, unless local) leave these rooms. */
    void delSockets(BroadcastOptions options, Set<String> rooms);

    /** Disconnects the sockets the options select (on every node, unless local). */
    void disconnectSockets(BroadcastOptions options, boolean closeConnection);

    /** Releases resources when the server closes. */
    default void close() {}
}
