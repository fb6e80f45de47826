package io.friendchat.socketio;

/**
 * Thrown by a {@link ConnectMiddleware} to refuse a connection. The client receives a
 * CONNECT_ERROR packet {@code {"message": message, "data": data}} ({@code data} left out when
 * null), which socket.io-client surfaces as a {@code connect_error} event.
 */
public class ConnectRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Object data;

    public ConnectRejectedException(String message) {
        this(message, null);
    }

    /** {@code data} is serialised with Jackson. */
    public ConnectRejectedException(String message, Object data) {
        super(message, null, false, false);
        this.data = data;
    }

    public Object data() {
        return data;
    }
}
