package io.friendchat.server.store.sqlite;

import io.friendchat.server.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQLite file and its connections. SQLite allows one writer at a time, so all writes go
 * through a single connection, driven by one committer thread; reads use a small pool, which
 * WAL mode lets run beside the writer. {@code synchronous=FULL} makes every commit reach the
 * disk before the write returns, so an acknowledged write survives {@code kill -9} and power
 * loss.
 *
 * <p>Group commit: the committer takes every write waiting when it is free and runs them in one
 * transaction, each inside its own savepoint (so one failing write is rolled back alone), then
 * commits once. A caller returns only after that commit, so durability is unchanged while one
 * fsync serves many writers.
 */
final class SqliteDatabase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SqliteDatabase.class);
    private static final int READERS = 4;

    private static final int MAX_BATCH = 512;

    private final Connection writer;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
    private final List<Connection> all = new ArrayList<>();
    private final LinkedBlockingQueue<PendingWrite<?>> writes = new LinkedBlockingQueue<>();
    private final Thread committer;
    private volatile boolean closed;

    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    SqliteDatabase(Path file) {
        String url = "jdbc:sqlite:" + file.toAbsolutePath();
        try {
            writer = open(url);
            SqliteSchema.migrate(writer);
            for (int i = 0; i < READERS; i++) {
                readers.add(open(url));
            }
        } catch (SQLException e) {
            closeConnections();
            throw new StoreException("cannot open SQLite database " + file, e);
        }
        committer = new Thread(this::commitLoop, "sqlite-committer");
        committer.setDaemon(true);
        committer.start();
    }

    /** A write waiting for the committer, and then its outcome. */
    private static final class PendingWrite<T> {
        final Work<T> work;
        final CompletableFuture<T> outcome = new CompletableFuture<>();
        /** Held until the batch commits; only the committer thread touches it. */
        T resultAfterCommit;

        PendingWrite(Work<T> work) {
            this.work = work;
        }

        void runIn(Connection connection) throws SQLException {
            Savepoint savepoint = connection.setSavepoint();
            try {
                T result = work.run(connection);
                connection.releaseSavepoint(savepoint);
                resultAfterCommit = result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback(savepoint);
                outcome.completeExceptionally(e);
            }
        }

        void committed() {
            outcome.complete(resultAfterCommit);
        }
    }

    private void commitLoop() {
        List<PendingWrite<?>> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(writes.take());
            } catch (InterruptedException e) {
                break;
            }
            writes.drainTo(batch, MAX_BATCH - 1);
            if (batch.stream().anyMatch(p -> p.work == null)) {
                batch.forEach(p -> p.outcome.completeExceptionally(new StoreException("the store is closed", null)));
                break;
            }
            commit(batch);
            batch.clear();
        }
    }

    private void commit(List<PendingWrite<?>> batch) {
        writeLock.lock();
        try {
            writer.setAutoCommit(false);
            for (PendingWrite<?> pending : batch) {
                pending.runIn(writer);
            }
            writer.commit();
            writer.setAutoCommit(true);
            for (PendingWrite<?> pending : batch) {
                if (!pending.outcome.isDone()) {
                    pending.committed();
                }
            }
        } catch (SQLException | RuntimeException e) {
            try {
                writer.rollback();
                writer.setAutoCommit(true);
            } catch (SQLException rollbackFailed) {
                e.addSuppressed(rollbackFailed);
            }
            StoreException failed = new StoreException("SQLite commit failed", e);
            batch.forEach(p -> p.outcome.completeExceptionally(failed));
        } finally {
            writeLock.unlock();
        }
    }

    private Connection open(String url) throws SQLException {
        Connection connection = DriverManager.getConnection(url);
        all.add(connection);
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=FULL");
            s.execute("PRAGMA foreign_keys=ON");
            s.execute("PRAGMA busy_timeout=10000");
        }
        return connection;
    }

    /**
     * Runs {@code work} on the writer connection, inside a transaction that is committed before
     * this returns. What {@code work} throws is thrown here, and its changes are rolled back.
     */
    <T> T write(Work<T> work) {
        if (closed) {
            throw new StoreException("the store is closed", null);
        }
        PendingWrite<T> pending = new PendingWrite<>(work);
        writes.add(pending);
        try {
            return pending.outcome.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for a SQLite commit", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new StoreException("SQLite write failed", cause);
        }
    }

    <T> T read(Work<T> work) {
        Connection connection;
        try {
            connection = readers.poll(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for a SQLite reader", e);
        }
        if (connection == null) {
            throw new StoreException("no SQLite reader free for 30 s", null);
        }
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StoreException("SQLite read failed", e);
        } finally {
            readers.add(connection);
        }
    }

    static boolean isUniqueViolation(SQLException e, String what) {
        String message = e.getMessage();
        return message != null && message.contains("constraint failed") && message.contains(what);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            writes.add(new PendingWrite<>(null)); // tells the committer to finish after what is queued
            try {
                committer.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeConnections();
    }

    private void closeConnections() {
        writeLock.lock();
        try {
            for (Connection connection : all) {
                try {
                    connection.close();
                } catch (SQLException e) {
                    log.warn("closing a SQLite connection failed", e);
                }
            }
            all.clear();
        } finally {
            writeLock.unlock();
        }
    }
}
