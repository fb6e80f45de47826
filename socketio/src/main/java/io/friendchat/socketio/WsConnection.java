package io.friendchat.socketio;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.OpCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket transport of one session (or an upgrade probe of a polling session). Writes are
 * asynchronous; {@link #pending()} counts frames handed to Jetty and not yet written, which is the
 * outbound queue the session bounds.
 *
 * <p>Internal: public only because Jetty binds the listener methods through a public lookup.
 */
public final class WsConnection implements Session.Listener.AutoDemanding {
    private static final Logger LOG = LoggerFactory.getLogger(WsConnection.class);

    private static final long CLOSE_GRACE_MILLIS = 1000;

    private final EngineServer server;
    private final Handshake handshake;
    private final String sid;
    private final AtomicInteger pending = new AtomicInteger();
    private final Callback written;
    private final org.eclipse.jetty.util.Callback coreWritten;
    private volatile Session wsSession;
    private volatile CoreSession coreSession;
    private volatile EngineSession session;
    /** Set once Jetty reports the connection closed or failed. */
    private volatile boolean ended;

    /** {@code sid} is null for a new session, or the polling session this one upgrades. */
    WsConnection(EngineServer server, Handshake handshake, String sid) {
        this.server = server;
        this.handshake = handshake;
        this.sid = sid;
        this.written = Callback.from(pending::decrementAndGet, failure -> {
            pending.decrementAndGet();
            LOG.debug("WebSocket write failed", failure);
        });
        this.coreWritten = org.eclipse.jetty.util.Callback.from(pending::decrementAndGet, failure -> {
            pending.decrementAndGet();
            LOG.debug("WebSocket write failed", failure);
        });
    }

    int pending() {
        return pending.get();
    }

    void write(Frame frame) {
        Session s = wsSession;
        if (s == null) {
            return;
        }
        pending.incrementAndGet();
        CoreSession core = coreSession;
        if (core != null) {
            // The frame's bytes were encoded once for every socket it goes to.
            core.sendFrame(
                    new org.eclipse.jetty.websocket.core.Frame(
                            frame.isBinary() ? OpCode.BINARY : OpCode.TEXT, frame.wireBytes()),
                    coreWritten,
                    false);
        } else if (frame.isBinary()) {
            s.sendBinary(ByteBuffer.wrap(frame.binary()), written);
        } else {
            s.sendText(frame.text(), written);
        }
    }

    /**
     * Closes with a close frame; a peer that does not answer it within a second (the official Java
     * client never does) is disconnected, so it notices and reconnects without waiting for its
     * ping timeout.
     */
    void close() {
        Session s = wsSession;
        if (s != null && s.isOpen() && !ended) {
            server.wsClosing(this);
            if (ended) {
                server.wsClosed(this); // the peer's close came meanwhile
            }
            s.close(1000, null, Callback.NOOP);
            server.schedule(s::disconnect, CLOSE_GRACE_MILLIS);
        }
    }

    /**
     * Closes a connection that cannot serve its session (closed, upgraded, or already probed by
     * another connection) the way the reference does: with a close frame without a status code,
     * which the peer sees as 1005.
     */
    private void refuse(Session s) {
        s.close(StatusCode.NO_CODE, null, Callback.NOOP);
        server.schedule(s::disconnect, CLOSE_GRACE_MILLIS);
    }

    /** Cuts the TCP connection without a close frame, as a network failure would. */
    void abort() {
        Session s = wsSession;
        if (s != null) {
            s.disconnect();
        }
    }

    @Override
    public void onWebSocketOpen(Session s) {
        s.setMaxTextMessageSize(server.maxPayload);
        s.setMaxBinaryMessageSize(server.maxPayload);
        s.setIdleTimeout(Duration.ofMillis(server.pingInterval + server.pingTimeout + 5_000));
        if (s instanceof WebSocketSession jetty) {
            coreSession = jetty.getCoreSession();
        }
        wsSession = s;
        if (sid == null) {
            session = server.open(handshake, this);
            return;
        }
        EngineSession claimed = session;
        if (claimed == null || !claimed.probeOpened(this)) {
            session = null;
            refuse(s);
        }
    }

    /**
     * Claims the upgrade of session {@code sid} for this connection. Called while the handshake
     * request is handled, before the 101 is sent: Jetty calls {@link #onWebSocketOpen} only after
     * that, so a second WebSocket that the client opens once it has the 101 could otherwise be
     * handled first and take the upgrade from this one.
     */
    void claimUpgrade() {
        EngineSession existing = server.session(sid);
        if (existing != null && existing.startProbe(this)) {
            session = existing;
        }
    }

    @Override
    public void onWebSocketText(String text) {
        EngineSession s = session;
        if (s != null) {
            s.onWsText(this, text);
        }
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        byte[] data = new byte[payload.remaining()];
        payload.get(data);
        callback.succeed();
        EngineSession s = session;
        if (s != null) {
            s.onWsBinary(this, data);
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        ended = true;
        server.wsClosed(this);
        EngineSession s = session;
        if (s != null) {
            s.onWsClosed(this);
        }
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("WebSocket error", cause);
        ended = true;
        server.wsClosed(this);
        EngineSession s = session;
        if (s != null) {
            s.onWsClosed(this);
        }
    }
}
