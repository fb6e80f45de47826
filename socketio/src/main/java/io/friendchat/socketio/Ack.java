package io.friendchat.socketio;

/** The acknowledgement callback of one received event. */
public interface Ack {
    /** Whether the client asked for an acknowledgement. */
    boolean requested();

    /**
     * Sends the acknowledgement with these arguments (serialised with Jackson; {@code byte[]}
     * becomes a binary attachment). Only the first call sends; it does nothing when no ack was
     * requested.
     */
    void send(Object... args);
}
