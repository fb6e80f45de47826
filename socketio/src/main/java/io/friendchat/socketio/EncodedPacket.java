package io.friendchat.socketio;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A Socket.IO packet encoded once for the wire: its text part and its binary attachments, turned
 * into Engine.IO frames that are shared by every socket it is delivered to. An {@link Adapter}
 * that relays broadcasts between nodes can carry {@link #text()} and {@link #attachments()} and
 * rebuild the packet with {@link #of(String, List)}.
 */
public final class EncodedPacket {
    private final String text;
    private final List<byte[]> attachments;
    private final List<Frame> frames;

    private EncodedPacket(String text, List<byte[]> attachments) {
        this.text = text;
        this.attachments = Collections.unmodifiableList(attachments);
        List<Frame> f = new ArrayList<>(1 + attachments.size());
        f.add(Frame.text("4" + text));
        for (byte[] attachment : attachments) {
            f.add(Frame.binary(attachment));
        }
        this.frames = List.copyOf(f);
    }

    /** Rebuilds a packet from its Socket.IO text (e.g. {@code 2["hello"]}) and attachments. */
    public static EncodedPacket of(String text, List<byte[]> attachments) {
        return new EncodedPacket(text, new ArrayList<>(attachments));
    }

    /** The Socket.IO encoding of the packet, without the Engine.IO message prefix. */
    public String text() {
        return text;
    }

    /** The binary attachments, in placeholder order. */
    public List<byte[]> attachments() {
        return attachments;
    }

    List<Frame> frames() {
        return frames;
    }
}
