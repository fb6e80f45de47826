package io.friendchat.socketio;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.exception.BadPayloadException;
import org.eclipse.jetty.websocket.core.exception.MessageTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket transport of one session (or an upgrade probe of a polling session). Writes are
 * asynchronous; {@link #pending()} counts frames handed to Jetty and not yet written, which is the
 * outbound queue the session bounds.
 *
 * <p>A Jetty core {@link FrameHandler}, not a Jetty WebSocket API endpoint: the API layer keeps the
 * whole upgrade request and response (servlet request, HTTP connection, parser, header fields)
 * reachable for the life of the connection, several KiB per idle socket, and adds method handles
 * and message sinks of its own. Core keeps none of it; this class assembles fragmented messages
 * itself, only while a fragmented one is arriving.
 */
final class WsConnection implements FrameHandler {
    private static final Logger LOG = LoggerFactory.getLogger(WsConnection.class);

    private static final long CLOSE_GRACE_MILLIS = 1000;

    private final EngineServer server;
    private final Handshake handshake;
    private final String sid;
    private static final AtomicIntegerFieldUpdater<WsConnection> PENDING =
            AtomicIntegerFieldUpdater.newUpdater(WsConnection.class, "pending");

    private volatile int pending;
    /** Counts a frame written or failed; one object per connection, shared by all its writes. */
    private final Callback written = new Callback() {
        @Override
        public void succeeded() {
            PENDING.decrementAndGet(WsConnection.this);
        }

        @Override
        public void failed(Throwable failure) {
            PENDING.decrementAndGet(WsConnection.this);
            LOG.debug("WebSocket write failed", failure);
        }
    };

    /** The batch of the thread writing, while its frames wait for {@link #flush()}; see {@link WriteBatch}. */
    WriteBatch batch;

    private volatile CoreSession coreSession;
    private volatile EngineSession session;
    /** Set once Jetty reports the connection closed or failed. */
    private volatile boolean ended;
    /** A fragmented message being received: its opcode and bytes so far; null between messages. */
    private byte partialOpCode;

    private byte[] partial;
    private int partialLength;

    /** {@code sid} is null for a new session, or the polling session this one upgrades. */
    WsConnection(EngineServer server, Handshake handshake, String sid) {
        this.server = server;
        this.handshake = handshake;
        this.sid = sid;
    }

    int pending() {
        return pending;
    }

    void write(Frame frame) {
        CoreSession core = coreSession;
        if (core == null) {
            return;
        }
        PENDING.incrementAndGet(this);
        WriteBatch writeBatch = WriteBatch.current();
        // The frame's bytes were encoded once for every socket it goes to. In a batch, Jetty copies
        // them into the connection's batch buffer and writes nothing until flush().
        core.sendFrame(
                new org.eclipse.jetty.websocket.core.Frame(
                        frame.isBinary() ? OpCode.BINARY : OpCode.TEXT, frame.wireBytes()),
                written,
                writeBatch != null);
        if (writeBatch != null) {
            writeBatch.add(this);
        }
    }

    /**
     * Writes the frames held in Jetty's batch buffer. Counted as pending until written, like a
     * frame: a batched frame's own callback completes once it is copied into that buffer.
     */
    void flush() {
        CoreSession core = coreSession;
        if (core == null) {
            return;
        }
        PENDING.incrementAndGet(this);
        core.flush(written);
    }

    /**
     * Closes with a close frame; a peer that does not answer it within a second (the official Java
     * client never does) is disconnected, so it notices and reconnects without waiting for its
     * ping timeout.
     */
    void close() {
        CoreSession s = coreSession;
        if (s != null && s.isOutputOpen() && !ended) {
            server.wsClosing(this);
            if (ended) {
                server.wsClosed(this); // the peer's close came meanwhile
            }
            s.close(CloseStatus.NORMAL, null, Callback.NOOP);
            server.schedule(s::abort, CLOSE_GRACE_MILLIS);
        }
    }

    /**
     * Closes a connection that cannot serve its session (closed, upgraded, or already probed by
     * another connection) the way the reference does: with a close frame without a status code,
     * which the peer sees as 1005.
     */
    private void refuse(CoreSession s) {
        s.close(CloseStatus.NO_CODE, null, Callback.NOOP);
        server.schedule(s::abort, CLOSE_GRACE_MILLIS);
    }

    /** Cuts the TCP connection without a close frame, as a network failure would. */
    void abort() {
        CoreSession s = coreSession;
        if (s != null) {
            s.abort();
        }
    }

    @Override
    public void onOpen(CoreSession s, Callback callback) {
        coreSession = s;
        callback.succeeded();
        if (sid == null) {
            session = server.open(handshake, this);
        } else {
            EngineSession claimed = session;
            if (claimed == null || !claimed.probeOpened(this)) {
                session = null;
                refuse(s);
                return;
            }
        }
        s.demand();
    }

    /**
     * Claims the upgrade of session {@code sid} for this connection. Called while the handshake
     * request is handled, before the 101 is sent: Jetty calls {@link #onOpen} only after that, so a
     * second WebSocket that the client opens once it has the 101 could otherwise be handled first
     * and take the upgrade from this one.
     */
    void claimUpgrade() {
        EngineSession existing = server.session(sid);
        if (existing != null && existing.startProbe(this)) {
            session = existing;
        }
    }

    @Override
    public void onFrame(org.eclipse.jetty.websocket.core.Frame frame, Callback callback) {
        try {
            switch (frame.getOpCode()) {
                case OpCode.TEXT, OpCode.BINARY -> {
                    if (frame.isFin()) {
                        onMessage(frame.getOpCode(), frame.getPayload());
                    } else {
                        partialOpCode = frame.getOpCode();
                        partialLength = 0;
                        append(frame.getPayload());
                    }
                }
                case OpCode.CONTINUATION -> {
                    append(frame.getPayload());
                    if (frame.isFin()) {
                        byte[] bytes = partial;
                        int length = partialLength;
                        partial = null; // released between messages
                        onMessage(partialOpCode, ByteBuffer.wrap(bytes, 0, length));
                    }
                }
                case OpCode.PING ->
                    coreSession.sendFrame(
                            new org.eclipse.jetty.websocket.core.Frame(OpCode.PONG, copy(frame.getPayload())),
                            Callback.NOOP,
                            false);
                default -> {
                    // a pong needs nothing; Jetty answers a close itself once this callback succeeds
                }
            }
        } catch (BadPayloadException | MessageTooLargeException e) {
            partial = null;
            callback.failed(e); // Jetty closes with 1007 or 1009
            return;
        }
        callback.succeeded();
        coreSession.demand();
    }

    private void append(ByteBuffer payload) {
        int n = payload == null ? 0 : payload.remaining();
        if ((long) partialLength + n > server.maxPayload) {
            throw new MessageTooLargeException("message larger than " + server.maxPayload + " bytes");
        }
        if (partial == null) {
            partial = new byte[Math.max(n, 256)];
        } else if (partial.length < partialLength + n) {
            partial = Arrays.copyOf(
                    partial, Math.min(server.maxPayload, Math.max(partialLength + n, partial.length * 2)));
        }
        if (n > 0) {
            payload.get(partial, partialLength, n);
            partialLength += n;
        }
    }

    private void onMessage(byte opCode, ByteBuffer payload) {
        if (payload != null && payload.remaining() > server.maxPayload) {
            throw new MessageTooLargeException("message larger than " + server.maxPayload + " bytes");
        }
        EngineSession s = session;
        if (opCode == OpCode.TEXT) {
            String text = decodeUtf8(payload);
            if (s != null) {
                s.onWsText(this, text);
            }
        } else {
            byte[] data = copy(payload).array();
            if (s != null) {
                s.onWsBinary(this, data);
            }
        }
    }

    private static String decodeUtf8(ByteBuffer payload) {
        if (payload == null) {
            return "";
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(payload)
                    .toString();
        } catch (CharacterCodingException e) {
            throw new BadPayloadException("invalid UTF-8 in a text message", e);
        }
    }

    private static ByteBuffer copy(ByteBuffer payload) {
        byte[] data = new byte[payload == null ? 0 : payload.remaining()];
        if (payload != null) {
            payload.slice().get(data);
        }
        return ByteBuffer.wrap(data);
    }

    @Override
    public void onError(Throwable cause, Callback callback) {
        LOG.debug("WebSocket error", cause);
        ended();
        callback.succeeded();
    }

    @Override
    public void onClosed(CloseStatus closeStatus, Callback callback) {
        ended();
        callback.succeeded();
    }

    private void ended() {
        ended = true;
        partial = null;
        server.wsClosed(this);
        EngineSession s = session;
        if (s != null) {
            s.onWsClosed(this);
        }
    }
}
