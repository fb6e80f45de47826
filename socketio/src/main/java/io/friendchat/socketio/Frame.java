package io.friendchat.socketio;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * One Engine.IO packet ready for the wire: either text (type digit plus data) or a binary message.
 * A frame is immutable and shared by every connection it is written to; the polling form of a
 * binary frame ({@code "b" + base64}) is computed once, on first use.
 */
final class Frame {
    static final Frame PING = text("2");
    static final Frame PONG_PROBE = text("3probe");
    static final Frame CLOSE = text("1");
    static final Frame NOOP = text("6");

    private final String text;
    private final byte[] binary;
    private volatile String pollingText;
    private volatile ByteBuffer wireBytes;

    private Frame(String text, byte[] binary) {
        this.text = text;
        this.binary = binary;
    }

    static Frame text(String enginePacket) {
        return new Frame(enginePacket, null);
    }

    static Frame binary(byte[] data) {
        return new Frame(null, data);
    }

    boolean isBinary() {
        return binary != null;
    }

    String text() {
        return text;
    }

    byte[] binary() {
        return binary;
    }

    /** The form this frame takes inside a polling payload. */
    String pollingText() {
        if (text != null) {
            return text;
        }
        String s = pollingText;
        if (s == null) {
            s = "b" + Base64.getEncoder().encodeToString(binary);
            pollingText = s;
        }
        return s;
    }

    /**
     * The payload as it goes into a WebSocket frame (UTF-8 for text), encoded once and shared:
     * callers get their own read-only view, since writing advances a buffer's position.
     */
    ByteBuffer wireBytes() {
        ByteBuffer b = wireBytes;
        if (b == null) {
            b = ByteBuffer.wrap(text != null ? text.getBytes(StandardCharsets.UTF_8) : binary)
                    .asReadOnlyBuffer();
            wireBytes = b;
        }
        return b.duplicate();
    }

    /** Approximate bytes this frame holds, for logs. */
    int size() {
        return text != null ? text.length() : binary.length;
    }

    @Override
    public String toString() {
        return text != null
                ? text
                : "<binary " + binary.length + " bytes: "
                        + new String(binary, 0, Math.min(binary.length, 16), StandardCharsets.ISO_8859_1) + ">";
    }
}
