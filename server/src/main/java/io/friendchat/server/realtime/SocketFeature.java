package io.friendchat.server.realtime;

import io.friendchat.socketio.Socket;

/**
 * A feature's socket handlers (messages, rooms, typing): the gateway attaches every feature to
 * each authenticated socket, and detaches it when the socket goes.
 */
public interface SocketFeature {
    /** Registers the feature's event handlers on a newly connected socket. */
    void attach(Socket socket, SocketSession session);

    /** Forgets what the feature kept for the socket. */
    default void detach(Socket socket, SocketSession session) {}
}
