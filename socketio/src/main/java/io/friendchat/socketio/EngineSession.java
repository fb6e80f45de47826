package io.friendchat.socketio;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Engine.IO session: its transport (long-polling, then possibly WebSocket), its outbound
 * queue, heartbeat and upgrade. Every state change happens under the session's monitor; writes
 * never block (a parked poll is answered on a container thread, WebSocket frames are queued by
 * Jetty), and listener callbacks run outside the monitor.
 */
final class EngineSession {
    private static final Logger LOG = LoggerFactory.getLogger(EngineSession.class);
    private static final char SEPARATOR = '\u001e';

    /** Receives what the peer sends, and the end of the session. */
    interface Listener {
        void onMessage(String data);

        void onBinary(byte[] data);

        void onClose(String reason);

        /** Called by every sweep of the server while the session is open (see {@link EngineServer}). */
        default void onSweep(long nowMillis) {}
    }

    private static final Listener NO_LISTENER = new Listener() {
        @Override
        public void onMessage(String data) {}

        @Override
        public void onBinary(byte[] data) {}

        @Override
        public void onClose(String reason) {}
    };

    private enum State {
        OPEN,
        CLOSING,
        CLOSED
    }

    private final EngineServer server;
    private final String id;
    private final Handshake handshake;
    private volatile Listener listener = NO_LISTENER;

    private State state = State.OPEN;
    private WsConnection ws;
    private WsConnection probe;
    private boolean upgrading;
    /**
     * Frames waiting for a poll; created when the first is queued and dropped once the session is on
     * WebSocket (where Jetty queues) or closed, so an idle WebSocket session holds no buffer.
     */
    private ArrayDeque<Frame> buffer;

    private AsyncContext pendingGet;
    private boolean postInProgress;
    /**
     * When the heartbeat acts next (on {@link EngineServer#now()}'s clock): sends a ping, or, when
     * {@link #awaitingPong}, gives up on the pong. Read without the monitor by every sweep. Never
     * due before {@link #start}: the session is registered, and so swept, before its open packet
     * is queued, which must come first.
     */
    private volatile long heartbeatDue = Long.MAX_VALUE;

    private boolean awaitingPong;
    /**
     * Set by every packet the client sends, cleared by each ping. A client busy sending may have
     * its pong queued behind its own packets, so any packet after a ping shows it is alive.
     */
    private volatile boolean heardSincePing;

    private ScheduledFuture<?> upgradeTimer;
    private ScheduledFuture<?> heldPollTimer;
    private ScheduledFuture<?> closeTimer;
    private String closeReason;
    /**
     * Set when the client closed a polling session with no poll parked: the poll it sent before
     * its close may still be on its way, since Jetty handles the two connections on different
     * threads. That poll is answered with the noop that ends it, as it would have been had it
     * arrived first; until then, or until pingTimeout passes, the closed session stays in {@link
     * EngineServer#closedAwaitingPoll}.
     */
    private boolean owesLastPoll;

    private ScheduledFuture<?> lastPollTimer;

    EngineSession(EngineServer server, String id, Handshake handshake, WsConnection ws) {
        this.server = server;
        this.id = id;
        this.handshake = handshake;
        this.ws = ws;
    }

    String id() {
        return id;
    }

    Handshake handshake() {
        return handshake;
    }

    synchronized String transportName() {
        return ws == null ? "polling" : "websocket";
    }

    void start(Frame open, Function<EngineSession, Listener> opener) {
        synchronized (this) {
            if (ws != null) {
                ws.write(open);
            } else {
                buffer().add(open); // the answer to the handshake request
            }
            heartbeatDue = EngineServer.now() + server.pingInterval;
        }
        listener = opener.apply(this);
    }

    // ---- outbound ----

    /** Queues frames in order; returns false when the session is no longer open. */
    boolean send(List<Frame> frames) {
        AsyncContext toRelease = null;
        List<Frame> payload = null;
        synchronized (this) {
            if (state != State.OPEN) {
                return false;
            }
            boolean fits;
            if (ws != null) {
                fits = ws.pending() + frames.size() <= server.maxOutboundFrames;
                if (fits) {
                    for (Frame frame : frames) {
                        ws.write(frame);
                    }
                }
            } else {
                fits = queued() + frames.size() <= server.maxOutboundFrames;
                if (fits) {
                    buffer().addAll(frames);
                    if (pendingGet != null && !upgrading) {
                        toRelease = pendingGet;
                        pendingGet = null;
                        payload = drain();
                    }
                }
            }
            if (fits) {
                if (toRelease == null) {
                    return true;
                }
            } else {
                server.stats.slowConsumerClosed(frames.size());
                LOG.warn(
                        "closing Engine.IO session {} ({}): outbound queue overflow, limit {} frames",
                        id,
                        ws == null ? "polling" : "websocket",
                        server.maxOutboundFrames);
            }
        }
        if (toRelease == null) {
            terminate("outbound queue overflow", Frame.CLOSE);
            return false;
        }
        answerLater(toRelease, payload);
        return true;
    }

    boolean send(Frame frame) {
        return send(List.of(frame));
    }

    private ArrayDeque<Frame> buffer() {
        if (buffer == null) {
            buffer = new ArrayDeque<>(4);
        }
        return buffer;
    }

    private int queued() {
        return buffer == null ? 0 : buffer.size();
    }

    private boolean nothingQueued() {
        return buffer == null || buffer.isEmpty();
    }

    /** Takes the queued frames; the buffer is released, a busy poller gets a new one. */
    private List<Frame> drain() {
        List<Frame> out = buffer == null ? List.of() : new ArrayList<>(buffer);
        buffer = null;
        return out;
    }

    /** Runs the heartbeat if it is due, and lets the listener check its own deadlines. */
    void sweep(long now) {
        if (now >= heartbeatDue) {
            heartbeat(now);
        }
        listener.onSweep(now);
    }

    private void heartbeat(long now) {
        boolean timedOut;
        synchronized (this) {
            if (state != State.OPEN || now < heartbeatDue) {
                return;
            }
            timedOut = awaitingPong && !heardSincePing;
            boolean pinged = awaitingPong;
            awaitingPong = true;
            heardSincePing = false;
            heartbeatDue = now + server.pingTimeout;
            if (pinged && !timedOut) {
                // No pong yet, but the client sent something: wait for the pong once more.
                return;
            }
        }
        if (!timedOut) {
            send(Frame.PING);
            return;
        }
        LOG.info(
                "closing Engine.IO session {} ({}): no pong nor any other packet within {} ms of a ping",
                id,
                transportName(),
                server.pingTimeout);
        terminate("ping timeout", Frame.CLOSE);
    }

    private void onPong() {
        synchronized (this) {
            if (state != State.OPEN) {
                return;
            }
            awaitingPong = false;
            heartbeatDue = EngineServer.now() + server.pingInterval;
        }
    }

    // ---- inbound, shared by both transports ----

    /** Handles one text packet; returns false when it was malformed (the session is then closed). */
    private boolean onTextPacket(String text) {
        if (text.isEmpty()) {
            terminate("parse error", Frame.CLOSE);
            return false;
        }
        switch (text.charAt(0)) {
            case '4':
                deliver(text.substring(1));
                return true;
            case '3':
                onPong();
                return true;
            case '1':
                terminate("transport close", Frame.NOOP, true);
                return true;
            case '2':
                // In v4 only the server pings; the reference server closes on this.
                terminate("transport error", Frame.CLOSE);
                return true;
            case '0':
            case '5':
            case '6':
                return true;
            default:
                terminate("parse error", Frame.CLOSE);
                return false;
        }
    }

    private void deliver(String message) {
        heardSincePing = true;
        try {
            listener.onMessage(message);
        } catch (RuntimeException e) {
            LOG.error("Engine.IO session {}: message listener failed", id, e);
        }
    }

    private void deliver(byte[] data) {
        heardSincePing = true;
        try {
            listener.onBinary(data);
        } catch (RuntimeException e) {
            LOG.error("Engine.IO session {}: binary listener failed", id, e);
        }
    }

    // ---- long-polling ----

    void handleGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        List<Frame> answer = null;
        boolean overlap = false;
        String closeAfter = null;
        synchronized (this) {
            if (state == State.CLOSED && owesLastPoll) {
                owesLastPoll = false;
                lastPollTimer = cancel(lastPollTimer);
                server.forgetClosed(this);
                answer = List.of(Frame.NOOP);
            } else if (state == State.CLOSED || ws != null) {
                EngineServlet.error(resp, state == State.CLOSED ? 1 : 3);
                return;
            } else if (pendingGet != null) {
                overlap = true;
            } else if (upgrading) {
                // The client should have paused polling; this poll may have been sent after its
                // upgrade packet and still been handled first, since the WebSocket is served on
                // another thread. It waits for the upgrade: refused like any poll after it, or,
                // if the upgrade is slow to finish, answered with the noop that lets it finish.
                AsyncContext ctx = park(req);
                heldPollTimer = server.schedule(() -> releaseHeldPoll(ctx), server.upgradePollHold);
            } else if (!nothingQueued()) {
                closeAfter = state == State.CLOSING ? closeReason : null;
                answer = drain();
            } else {
                park(req);
            }
        }
        if (overlap) {
            EngineServlet.error(resp, 3);
            terminate("transport error", Frame.CLOSE);
        } else if (answer != null) {
            writePayload(resp, answer);
            if (closeAfter != null) {
                terminate(closeAfter, Frame.CLOSE);
            }
        }
    }

    private AsyncContext park(HttpServletRequest req) {
        AsyncContext ctx = req.startAsync();
        ctx.setTimeout(server.pingInterval + server.pingTimeout + 5_000);
        ctx.addListener(new PollListener());
        pendingGet = ctx;
        return ctx;
    }

    private void releaseHeldPoll(AsyncContext ctx) {
        synchronized (this) {
            if (pendingGet != ctx || !upgrading) {
                return;
            }
            pendingGet = null;
        }
        answerLater(ctx, List.of(Frame.NOOP));
    }

    void handlePost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        boolean drop;
        synchronized (this) {
            // While the server closes a polling session, the close packet waits for the client's
            // next poll. A POST meanwhile is accepted and its packets dropped, as by the reference:
            // the client learns of the close from that poll, not from a failed send.
            drop = state == State.CLOSING;
        }
        if (drop) {
            answerPost(req, resp, readPost(req, false));
            return;
        }
        synchronized (this) {
            if (state != State.OPEN || ws != null) {
                EngineServlet.error(req, resp, state == State.OPEN ? 3 : 1);
                return;
            }
            if (postInProgress) {
                EngineServlet.error(req, resp, 3);
                terminate("transport error", Frame.CLOSE);
                return;
            }
            postInProgress = true;
        }
        int status;
        try {
            status = readPost(req, true);
        } finally {
            // Cleared before answering: the client may send its next POST as soon as it has the answer.
            synchronized (this) {
                postInProgress = false;
            }
        }
        answerPost(req, resp, status);
    }

    private static void answerPost(HttpServletRequest req, HttpServletResponse resp, int status) throws IOException {
        if (status == 200) {
            resp.setStatus(200);
            resp.setContentType("text/html");
            resp.setContentLength(2);
            resp.getOutputStream().write(new byte[] {'o', 'k'});
        } else if (status == 413) {
            EngineServlet.discardBody(req, resp);
            resp.setStatus(413);
        } else {
            EngineServlet.error(resp, 3);
        }
    }

    /** Reads a POST body and, if {@code process}, handles it; returns the HTTP status to answer. */
    private int readPost(HttpServletRequest req, boolean process) throws IOException {
        if (req.getContentLengthLong() > server.maxPayload) {
            return 413;
        }
        byte[] body = req.getInputStream().readNBytes(server.maxPayload + 1);
        if (body.length > server.maxPayload) {
            return 413;
        }
        if (!process) {
            return 200;
        }
        return processPayload(new String(body, StandardCharsets.UTF_8)) ? 200 : 400;
    }

    private boolean processPayload(String payload) {
        int start = 0;
        int len = payload.length();
        while (true) {
            int end = payload.indexOf(SEPARATOR, start);
            if (end < 0) {
                end = len;
            }
            String packet = payload.substring(start, end);
            if (!isOpen()) {
                return true;
            }
            if (!packet.isEmpty() && packet.charAt(0) == 'b') {
                byte[] data;
                try {
                    // Lenient like the reference (Node's Buffer.from): the official Java client ends its
                    // base64 with a line break.
                    data = Base64.getMimeDecoder().decode(packet.substring(1));
                } catch (IllegalArgumentException e) {
                    terminate("parse error", Frame.CLOSE);
                    return false;
                }
                deliver(data);
            } else if (!onTextPacket(packet)) {
                return false;
            }
            if (end == len) {
                return true;
            }
            start = end + 1;
        }
    }

    /** Whether the server is closing this polling session, its close packet waiting for a poll; for tests. */
    synchronized boolean isClosing() {
        return state == State.CLOSING;
    }

    /** Whether a poll is parked, waiting for data; for tests. */
    synchronized boolean hasParkedPoll() {
        return pendingGet != null;
    }

    private synchronized boolean isOpen() {
        return state == State.OPEN;
    }

    private static void writePayload(HttpServletResponse resp, List<Frame> frames) throws IOException {
        String body;
        if (frames.size() == 1) {
            body = frames.get(0).pollingText();
        } else {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < frames.size(); i++) {
                if (i > 0) {
                    sb.append(SEPARATOR);
                }
                sb.append(frames.get(i).pollingText());
            }
            body = sb.toString();
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        resp.setStatus(200);
        resp.setContentType("text/plain; charset=UTF-8");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    /** Answers a parked poll on a container thread, so the caller never blocks on the network. */
    private static void answerLater(AsyncContext ctx, List<Frame> frames) {
        completeLater(ctx, resp -> writePayload(resp, frames));
    }

    /** Refuses a parked poll with an Engine.IO error, on a container thread. */
    private static void refuseLater(AsyncContext ctx, int code) {
        completeLater(ctx, resp -> EngineServlet.error(resp, code));
    }

    private interface ResponseWriter {
        void write(HttpServletResponse resp) throws IOException;
    }

    private static void completeLater(AsyncContext ctx, ResponseWriter writer) {
        try {
            ctx.start(() -> {
                try {
                    writer.write((HttpServletResponse) ctx.getResponse());
                } catch (IOException | RuntimeException e) {
                    LOG.debug("could not answer a poll", e);
                } finally {
                    try {
                        ctx.complete();
                    } catch (IllegalStateException ignored) {
                        // the request already ended (client gone or timed out)
                    }
                }
            });
        } catch (IllegalStateException e) {
            LOG.debug("poll ended before it could be answered", e);
        }
    }

    /** Clears a parked poll that timed out or failed; a timed-out one is answered with a noop. */
    private final class PollListener implements AsyncListener {
        @Override
        public void onTimeout(AsyncEvent event) throws IOException {
            AsyncContext ctx = event.getAsyncContext();
            synchronized (EngineSession.this) {
                if (pendingGet != ctx) {
                    return;
                }
                pendingGet = null;
            }
            writePayload((HttpServletResponse) ctx.getResponse(), List.of(Frame.NOOP));
            ctx.complete();
        }

        @Override
        public void onError(AsyncEvent event) {
            synchronized (EngineSession.this) {
                if (pendingGet == event.getAsyncContext()) {
                    pendingGet = null;
                }
            }
        }

        @Override
        public void onComplete(AsyncEvent event) {}

        @Override
        public void onStartAsync(AsyncEvent event) {}
    }

    // ---- WebSocket ----

    /**
     * Starts an upgrade probe, claimed at the handshake; false when this session cannot be
     * upgraded now (closed, upgraded, or another connection holds the probe).
     */
    boolean startProbe(WsConnection conn) {
        synchronized (this) {
            if (state != State.OPEN || ws != null || probe != null) {
                return false;
            }
            probe = conn;
            upgradeTimer = server.schedule(
                    () -> {
                        WsConnection stale;
                        Runnable resume;
                        synchronized (this) {
                            if (probe != conn) {
                                return;
                            }
                            stale = probe;
                            probe = null;
                            resume = stopUpgrading();
                        }
                        stale.close();
                        resume.run();
                    },
                    server.upgradeTimeout);
            return true;
        }
    }

    /** Whether {@code conn}, opened now, still holds the upgrade it claimed at its handshake. */
    synchronized boolean probeOpened(WsConnection conn) {
        return probe == conn && state == State.OPEN;
    }

    void onWsText(WsConnection conn, String text) {
        WsConnection main;
        boolean isProbe;
        synchronized (this) {
            main = ws;
            isProbe = conn == probe;
        }
        if (isProbe) {
            onProbeText(conn, text);
        } else if (conn == main) {
            onTextPacket(text);
        }
    }

    void onWsBinary(WsConnection conn, byte[] data) {
        WsConnection main;
        boolean isProbe;
        synchronized (this) {
            main = ws;
            isProbe = conn == probe;
        }
        if (conn == main) {
            deliver(data);
        } else if (isProbe) {
            abandonProbe(conn);
        }
    }

    private void onProbeText(WsConnection conn, String text) {
        AsyncContext release;
        AsyncContext refuse;
        if ("2probe".equals(text)) {
            synchronized (this) {
                if (probe != conn || state != State.OPEN) {
                    return;
                }
                upgrading = true;
                conn.write(Frame.PONG_PROBE);
                // The spec asks for a noop to the parked poll. It is held like a poll that arrives
                // during the upgrade (see handleGet), as the reference's upgrade check does: it may
                // be one the client sent after its 5, handled here before the probe.
                AsyncContext held = pendingGet;
                if (held != null) {
                    heldPollTimer = server.schedule(() -> releaseHeldPoll(held), server.upgradePollHold);
                }
                release = null;
                refuse = null;
            }
        } else if ("5".equals(text)) {
            synchronized (this) {
                if (probe != conn || state != State.OPEN) {
                    return;
                }
                upgradeTimer = cancel(upgradeTimer);
                heldPollTimer = cancel(heldPollTimer);
                ws = conn;
                probe = null;
                // After a probe, a parked poll is one held during the upgrade: it gets what a poll
                // after the upgrade gets (see handleGet). Without a probe it is an ordinary poll.
                if (upgrading) {
                    refuse = pendingGet;
                    release = null;
                } else {
                    release = pendingGet;
                    refuse = null;
                }
                pendingGet = null;
                upgrading = false;
                for (Frame frame : drain()) {
                    conn.write(frame);
                }
            }
        } else {
            abandonProbe(conn);
            return;
        }
        if (release != null) {
            answerLater(release, List.of(Frame.NOOP));
        }
        if (refuse != null) {
            refuseLater(refuse, 3);
        }
    }

    private void abandonProbe(WsConnection conn) {
        Runnable resume;
        synchronized (this) {
            if (probe != conn) {
                return;
            }
            probe = null;
            upgradeTimer = cancel(upgradeTimer);
            resume = stopUpgrading();
        }
        conn.close();
        resume.run();
    }

    /**
     * Goes back to plain polling after a failed upgrade; a poll held during it becomes an ordinary
     * parked poll. Returns what to run outside the monitor: answering that poll when frames wait.
     */
    private Runnable stopUpgrading() {
        upgrading = false;
        heldPollTimer = cancel(heldPollTimer);
        if (pendingGet == null || nothingQueued()) {
            return () -> {};
        }
        AsyncContext ctx = pendingGet;
        pendingGet = null;
        List<Frame> payload = drain();
        return () -> answerLater(ctx, payload);
    }

    void onWsClosed(WsConnection conn) {
        boolean main;
        Runnable resume;
        synchronized (this) {
            if (conn == probe) {
                probe = null;
                upgradeTimer = cancel(upgradeTimer);
                resume = stopUpgrading();
            } else {
                resume = null;
            }
            main = conn == ws;
        }
        if (resume != null) {
            resume.run();
            return;
        }
        if (main) {
            terminate("transport close", Frame.CLOSE);
        }
    }

    // ---- closing ----

    /**
     * Closes the session from the server side. A WebSocket is closed after the frames already
     * queued; a polling client receives a close packet on its next poll.
     */
    void close(String reason) {
        synchronized (this) {
            if (state != State.OPEN) {
                return;
            }
            if (ws == null && pendingGet == null) {
                state = State.CLOSING;
                closeReason = reason;
                buffer().add(Frame.CLOSE);
                heartbeatDue = Long.MAX_VALUE;
                closeTimer = server.schedule(() -> terminate(reason, Frame.CLOSE), server.pingTimeout);
                return;
            }
        }
        terminate(reason, Frame.CLOSE);
    }

    /** Ends the session by cutting its connection, as a network failure would; for tests. */
    void abort() {
        WsConnection main;
        synchronized (this) {
            main = ws;
        }
        if (main != null) {
            main.abort();
        }
        terminate("transport error", Frame.CLOSE);
    }

    /**
     * Ends the session at once: removes it, answers a parked poll with {@code lastFrame}, closes the
     * WebSocket connections and tells the listener.
     */
    void terminate(String reason, Frame lastFrame) {
        terminate(reason, lastFrame, false);
    }

    /** {@code byClient}: the client sent a close packet (see {@link #owesLastPoll}). */
    private void terminate(String reason, Frame lastFrame, boolean byClient) {
        AsyncContext ctx;
        WsConnection main;
        WsConnection stale;
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
            heartbeatDue = Long.MAX_VALUE;
            upgradeTimer = cancel(upgradeTimer);
            heldPollTimer = cancel(heldPollTimer);
            closeTimer = cancel(closeTimer);
            ctx = pendingGet;
            pendingGet = null;
            buffer = null;
            main = ws;
            stale = probe;
            probe = null;
            if (byClient && main == null && ctx == null) {
                // Registered before the session leaves the open ones, so a poll never misses both.
                owesLastPoll = true;
                server.awaitLastPoll(this);
                lastPollTimer = server.schedule(this::stopAwaitingLastPoll, server.pingTimeout);
            }
        }
        server.remove(this);
        LOG.debug("Engine.IO session {} closed: {}", id, reason);
        if (ctx != null) {
            answerLater(ctx, List.of(lastFrame));
        }
        if (main != null) {
            main.close();
        }
        if (stale != null) {
            stale.close();
        }
        try {
            listener.onClose(reason);
        } catch (RuntimeException e) {
            LOG.error("Engine.IO session {}: close listener failed", id, e);
        }
    }

    private void stopAwaitingLastPoll() {
        synchronized (this) {
            owesLastPoll = false;
        }
        server.forgetClosed(this);
    }

    /** Cancels a timer; returns null, for the field that held it, so no dead task stays reachable. */
    private static ScheduledFuture<?> cancel(ScheduledFuture<?> task) {
        if (task != null) {
            task.cancel(false);
        }
        return null;
    }
}
