package io.friendchat.socketio;

/**
 * Runs for every CONNECT to a namespace, before the socket is connected. It may read {@link
 * Socket#handshake()} and attach values to {@link Socket#data()}; it refuses the connection by
 * throwing {@link ConnectRejectedException}. Any other exception is logged and refused with the
 * message "Internal server error". Middlewares run in the order they were added, on the thread
 * that received the CONNECT packet.
 */
@FunctionalInterface
public interface ConnectMiddleware {
    void onConnect(Socket socket) throws ConnectRejectedException;
}
