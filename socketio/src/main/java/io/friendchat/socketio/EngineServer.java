package io.friendchat.socketio;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Engine.IO v4 server: owns the open sessions and the one timer thread that drives every
 * heartbeat and timeout. Knows nothing of Socket.IO; the {@code opener} decides what listens to a
 * new session.
 *
 * <p>Heartbeats and connect timeouts, which every idle connection has, are not timer tasks of their
 * own: one sweep every {@link #tickMillis} walks the open sessions and acts on those whose deadline
 * passed (see {@link EngineSession#sweep}). A task per socket cost a queued {@code
 * ScheduledFutureTask} and its lambda for every connection, and rescheduling it on every pong took
 * the queue's lock. Jetty's {@code Scheduler} is the same thing (one task per timeout); its {@code
 * CyclicTimeouts} wakes at each earliest deadline and then walks every entity, which with
 * thousands of sessions whose deadlines are spread over the ping interval means hundreds of full
 * walks a second. A walk per tick costs one volatile read per session, and a deadline is met within
 * a tick (a tenth of the shortest of pingInterval, pingTimeout and connectTimeout, at most a
 * second), well inside what a client tolerates. Rare, short-lived timers (upgrades, closes, acks)
 * stay tasks.
 */
final class EngineServer {
    private static final Logger LOG = LoggerFactory.getLogger(EngineServer.class);

    final long pingInterval;
    final long pingTimeout;
    final long upgradeTimeout;
    final long upgradePollHold;
    final int maxPayload;
    final int maxOutboundFrames;
    final SocketIoOptions options;
    final SocketIoStats stats;

    private final Map<String, EngineSession> sessions = new ConcurrentHashMap<>();
    /** Sessions the client closed over polling while a poll of its may still be on its way. */
    private final Map<String, EngineSession> closedAwaitingPoll = new ConcurrentHashMap<>();

    /** How often {@link #sweep} runs. */
    final long tickMillis;

    private final ScheduledThreadPoolExecutor timers;
    private volatile boolean closing;
    /** WebSockets sent a close frame whose peer has not closed yet (the Java client never does). */
    private final Set<WsConnection> closingSockets = ConcurrentHashMap.newKeySet();
    /** Completed when the last session is gone after {@link #closeGracefully}. */
    private final CompletableFuture<Void> drained = new CompletableFuture<>();

    private final Function<EngineSession, EngineSession.Listener> opener;

    EngineServer(SocketIoOptions options, SocketIoStats stats, Function<EngineSession, EngineSession.Listener> opener) {
        this.options = options;
        this.stats = stats;
        this.pingInterval = options.pingInterval().toMillis();
        this.pingTimeout = options.pingTimeout().toMillis();
        this.upgradeTimeout = options.upgradeTimeout().toMillis();
        this.upgradePollHold = options.upgradePollHold().toMillis();
        this.maxPayload = options.maxPayload();
        this.maxOutboundFrames = options.maxOutboundFrames();
        this.opener = opener;
        this.timers = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "socketio-timer");
            t.setDaemon(true);
            return t;
        });
        timers.setRemoveOnCancelPolicy(true);
        long shortest = Math.min(
                Math.min(pingInterval, pingTimeout), options.connectTimeout().toMillis());
        this.tickMillis = Math.max(5, Math.min(1000, shortest / 10));
        timers.scheduleWithFixedDelay(this::sweep, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
    }

    private static final long CLOCK_ORIGIN = System.nanoTime();

    /** Milliseconds on a monotonic clock, for deadlines; never negative. */
    static long now() {
        return (System.nanoTime() - CLOCK_ORIGIN) / 1_000_000;
    }

    private void sweep() {
        long now = now();
        for (EngineSession session : sessions.values()) {
            try {
                session.sweep(now);
            } catch (RuntimeException e) {
                LOG.error("Engine.IO session {}: heartbeat failed", session.id(), e);
            }
        }
    }

    ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
        return timers.schedule(
                () -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        LOG.error("timer task failed", e);
                    }
                },
                delayMillis,
                TimeUnit.MILLISECONDS);
    }

    EngineSession session(String sid) {
        return sessions.get(sid);
    }

    /** A session the client closed that still owes a poll its clean end; see {@link EngineSession}. */
    EngineSession closedAwaitingPoll(String sid) {
        return closedAwaitingPoll.get(sid);
    }

    Collection<EngineSession> sessions() {
        return sessions.values();
    }

    int sessionCount() {
        return sessions.size();
    }

    /** Registers a new session, sends its open packet, starts its heartbeat and listener. */
    EngineSession open(Handshake handshake, WsConnection ws) {
        EngineSession session = new EngineSession(this, Ids.next(), handshake, ws);
        sessions.put(session.id(), session);
        String upgrades = ws == null ? "[\"websocket\"]" : "[]";
        String open = "0{\"sid\":\"" + session.id() + "\",\"upgrades\":" + upgrades + ",\"pingInterval\":"
                + pingInterval + ",\"pingTimeout\":" + pingTimeout + ",\"maxPayload\":" + maxPayload
                + "}";
        session.start(Frame.text(open), opener);
        return session;
    }

    void remove(EngineSession session) {
        sessions.remove(session.id(), session);
        checkDrained();
    }

    void wsClosing(WsConnection connection) {
        closingSockets.add(connection);
    }

    void wsClosed(WsConnection connection) {
        closingSockets.remove(connection);
        checkDrained();
    }

    private void checkDrained() {
        if (closing && sessions.isEmpty() && closingSockets.isEmpty()) {
            drained.complete(null);
        }
    }

    /** Whether new sessions are refused because the server is closing. */
    boolean closing() {
        return closing;
    }

    /**
     * Refuses new sessions and closes the open ones from the server side after their queued
     * frames (see {@link EngineSession#close}); waits at most {@code graceMillis} for polling
     * sessions to collect theirs.
     */
    void closeGracefully(long graceMillis) {
        closing = true;
        for (EngineSession session : List.copyOf(sessions.values())) {
            session.close("server shutting down");
        }
        checkDrained();
        try {
            drained.get(graceMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.info(
                    "{} Engine.IO sessions and {} WebSockets did not close within {} ms; cutting them",
                    sessions.size(),
                    closingSockets.size(),
                    graceMillis);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void awaitLastPoll(EngineSession session) {
        closedAwaitingPoll.put(session.id(), session);
    }

    void forgetClosed(EngineSession session) {
        closedAwaitingPoll.remove(session.id(), session);
    }

    /** Closes every session and stops the timer thread. */
    void close() {
        closing = true;
        for (EngineSession session : List.copyOf(sessions.values())) {
            session.terminate("server shutting down", Frame.CLOSE);
        }
        closedAwaitingPoll.clear();
        // Their delayed disconnects would die with the timer thread: cut them now.
        for (WsConnection connection : List.copyOf(closingSockets)) {
            connection.abort();
        }
        closingSockets.clear();
        timers.shutdownNow();
    }
}
