package io.friendchat.socketio;

import java.util.ArrayList;
import java.util.List;

/**
 * The WebSocket writes one thread makes inside {@link SocketIoServer#batch(Runnable)}. Each frame
 * goes into its connection's batch buffer in Jetty (a copy of a few dozen bytes, no socket write),
 * and every connection written to is flushed once when the batch ends: a connection that got
 * several frames gets them in one socket write instead of one write each.
 *
 * <p>Why not Jetty's batch mode alone: it needs an explicit flush per connection, and only the
 * thread that wrote knows when its run of writes ends.
 */
final class WriteBatch {
    private static final ThreadLocal<WriteBatch> CURRENT = new ThreadLocal<>();

    private final List<WsConnection> written = new ArrayList<>();

    private WriteBatch() {}

    /** The batch this thread is in, or null. */
    static WriteBatch current() {
        return CURRENT.get();
    }

    /** Runs {@code work} in a batch; a nested call joins the batch already running. */
    static void run(Runnable work) {
        if (CURRENT.get() != null) {
            work.run();
            return;
        }
        WriteBatch batch = new WriteBatch();
        CURRENT.set(batch);
        try {
            work.run();
        } finally {
            CURRENT.remove();
            batch.flush();
        }
    }

    /**
     * Records that {@code connection} holds frames of this batch. Its {@code batch} field makes the
     * second and later frames cost one comparison. Another thread's batch may overwrite the field
     * meanwhile; then this batch adds the connection twice, which costs an empty flush, never a
     * missed one.
     */
    void add(WsConnection connection) {
        if (connection.batch != this) {
            connection.batch = this;
            written.add(connection);
        }
    }

    private void flush() {
        for (WsConnection connection : written) {
            if (connection.batch == this) {
                connection.batch = null;
            }
            connection.flush();
        }
    }
}
