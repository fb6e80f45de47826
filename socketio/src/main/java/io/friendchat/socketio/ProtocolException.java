package io.friendchat.socketio;

/** A peer broke the protocol; the connection it came from is closed. */
final class ProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    ProtocolException(String message) {
        super(message, null, false, false);
    }
}
