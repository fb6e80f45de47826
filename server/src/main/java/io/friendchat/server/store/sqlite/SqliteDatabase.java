package io.friendchat.server.store.sqlite;

import io.friendchat.server.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
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
 * commits once. A write's outcome is reported only after that commit, so durability is unchanged
 * while one fsync serves many writers.
 *
 * <p>Outcomes are reported by one completer thread, batch after batch and in the order the writes
 * were submitted, while the committer already runs the next batch. So callbacks of writes to one
 * room see them in the order they were applied (seq order), and the disk is never idle while
 * acknowledgements go out.
 */
final class SqliteDatabase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SqliteDatabase.class);
    private static final int READERS = 4;

    private static final int MAX_BATCH = 512;
    /** Writes whose completions are reported in one scope; see {@link #report}. */
    private static final int REPORT_GROUP = 32;

    private final Connection writer;
    private final Savepoint savepoint;
    /** {@link SqliteSchema#END_OF_BATCH}, prepared once; only the committer thread runs them. */
    private final List<PreparedStatement> endOfBatch = new ArrayList<>();
    /** Runs the WAL checkpoints, off the committer thread (see {@link #checkpoint}). */
    private final Connection checkpointer;

    private final ScheduledExecutorService checkpoints;
    /** Batches committed so far; the checkpointer skips a round when it has not moved. */
    private final AtomicLong commits = new AtomicLong();

    private long commitsCheckpointed;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
    private final List<Connection> all = new ArrayList<>();
    private final LinkedBlockingQueue<PendingWrite<?>> writes = new LinkedBlockingQueue<>();
    private final Thread committer;
    private final ExecutorService completer;
    private volatile long failedCommits;
    /** The writer's statements by SQL, prepared once; only the committer thread touches it. */
    private final Map<String, PreparedStatement> writerStatements = new HashMap<>();

    private volatile boolean closed;
    /** Runs the reports of one commit; see {@link #reportCommitsIn}. */
    private volatile Consumer<Runnable> reportScope = Runnable::run;

    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    SqliteDatabase(Path file) {
        String url = "jdbc:sqlite:" + file.toAbsolutePath();
        try {
            writer = open(url);
            SqliteSchema.migrate(writer);
            try (Statement s = writer.createStatement()) {
                // Checkpoints run on their own connection and thread, not inside a commit.
                s.execute("PRAGMA wal_autocheckpoint=0");
            }
            savepoint = Savepoint.prepare(writer);
            for (String sql : SqliteSchema.END_OF_BATCH) {
                endOfBatch.add(writer.prepareStatement(sql));
            }
            // Anything queued by a write made outside this class, such as by hand with the sqlite3 shell.
            runEndOfBatch();
            for (int i = 0; i < READERS; i++) {
                readers.add(open(url));
            }
            checkpointer = open(url);
        } catch (SQLException e) {
            closeConnections();
            throw new StoreException("cannot open SQLite database " + file, e);
        }
        completer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "sqlite-completer");
            t.setDaemon(true);
            return t;
        });
        committer = new Thread(this::commitLoop, "sqlite-committer");
        committer.setDaemon(true);
        committer.start();
        checkpoints = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sqlite-checkpointer");
            t.setDaemon(true);
            return t;
        });
        checkpoints.scheduleWithFixedDelay(this::checkpoint, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * Copies committed pages from the WAL back into the database file. SQLite's automatic
     * checkpoint would run it inside the commit that crosses 1,000 WAL pages, on the committer
     * thread, where its writes and its fsync of the database file hold up every message waiting
     * for the next commit. A passive checkpoint here never blocks the writer nor waits for
     * readers; a commit still reaches the disk through the WAL alone before it is reported.
     */
    private void checkpoint() {
        long committed = commits.get();
        if (committed == commitsCheckpointed) {
            return;
        }
        try (Statement s = checkpointer.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(PASSIVE)");
            commitsCheckpointed = committed;
        } catch (SQLException e) {
            log.warn("a WAL checkpoint failed; the next round tries again", e);
        }
    }

    /**
     * The statements of the savepoint around each write of a batch, prepared once: the driver's
     * {@link Connection#setSavepoint()} compiles a new statement for every write, which cost as
     * much as the message INSERT itself. Only the committer thread uses them.
     */
    private record Savepoint(PreparedStatement begin, PreparedStatement release, PreparedStatement rollback) {
        static Savepoint prepare(Connection writer) throws SQLException {
            return new Savepoint(
                    writer.prepareStatement("SAVEPOINT write"),
                    writer.prepareStatement("RELEASE write"),
                    writer.prepareStatement("ROLLBACK TO write"));
        }
    }

    /** A write waiting for the committer, and then its outcome. */
    private static final class PendingWrite<T> {
        final Work<T> work;
        final Consumer<T> onCommitted;
        final CompletableFuture<T> outcome = new CompletableFuture<>();
        /** Set by the committer thread, reported by the completer after the commit. */
        private T result;

        private Throwable failure;

        PendingWrite(Work<T> work, Consumer<T> onCommitted) {
            this.work = work;
            this.onCommitted = onCommitted;
        }

        void runIn(Connection connection, Savepoint savepoint) throws SQLException {
            savepoint.begin.execute();
            try {
                result = work.run(connection);
            } catch (SQLException | RuntimeException e) {
                savepoint.rollback.execute();
                failure = e;
            }
            savepoint.release.execute();
        }

        void fail(Throwable e) {
            failure = e;
        }

        void report() {
            if (failure != null) {
                outcome.completeExceptionally(failure);
                return;
            }
            try {
                onCommitted.accept(result);
            } catch (RuntimeException e) {
                log.error("a callback after a SQLite commit failed", e);
                outcome.completeExceptionally(e);
                return;
            }
            outcome.complete(result);
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
            int poison = indexOfCloseMarker(batch);
            List<PendingWrite<?>> late = poison < 0 ? List.of() : List.copyOf(batch.subList(poison + 1, batch.size()));
            if (poison >= 0) {
                batch.subList(poison, batch.size()).clear();
            }
            if (!batch.isEmpty()) {
                commit(batch);
            }
            if (poison >= 0) {
                // Queued after close(): refused, as submit() would have refused them.
                StoreException storeClosed = new StoreException("the store is closed", null);
                late.forEach(p -> p.fail(storeClosed));
                batch.addAll(late);
            }
            List<PendingWrite<?>> done = List.copyOf(batch);
            completer.execute(() -> report(done));
            batch.clear();
            if (poison >= 0) {
                break;
            }
        }
    }

    private static int indexOfCloseMarker(List<PendingWrite<?>> batch) {
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i).work == null) {
                return i;
            }
        }
        return -1;
    }

    private void commit(List<PendingWrite<?>> batch) {
        writeLock.lock();
        try {
            writer.setAutoCommit(false);
            for (PendingWrite<?> pending : batch) {
                pending.runIn(writer, savepoint);
            }
            runEndOfBatch();
            writer.commit();
            writer.setAutoCommit(true);
            commits.incrementAndGet();
        } catch (SQLException | RuntimeException e) {
            failedCommits++;
            try {
                writer.rollback();
                writer.setAutoCommit(true);
            } catch (SQLException rollbackFailed) {
                e.addSuppressed(rollbackFailed);
            }
            StoreException failed = new StoreException("SQLite commit failed", e);
            batch.forEach(p -> p.fail(failed));
        } finally {
            writeLock.unlock();
        }
    }

    private void runEndOfBatch() throws SQLException {
        for (PreparedStatement statement : endOfBatch) {
            statement.executeUpdate();
        }
    }

    /**
     * How many batches failed to commit so far. A write that keeps state across writes (such as
     * a room's last seq) drops it when this changes, because the writes it saw were rolled back.
     * Only meaningful on the committer thread, inside a write.
     */
    long failedCommits() {
        return failedCommits;
    }

    /**
     * A statement of the writer connection, for work running in {@link #submit}: prepared on its
     * first use and kept, because compiling the SQL of a write that runs for every message costs as
     * much as running it. The caller binds every parameter, and must not close it.
     */
    PreparedStatement writerStatement(Connection connection, String sql) throws SQLException {
        if (connection != writer) {
            throw new IllegalStateException("not the writer connection");
        }
        PreparedStatement statement = writerStatements.get(sql);
        if (statement == null) {
            statement = writer.prepareStatement(sql);
            writerStatements.put(sql, statement);
        }
        return statement;
    }

    private Connection open(String url) throws SQLException {
        Properties properties = new Properties();
        // No code reads generated keys; left on, the driver matches every executed statement
        // against a regex and runs a SELECT last_insert_rowid() after each INSERT.
        properties.setProperty("jdbc.get_generated_keys", "false");
        Connection connection = DriverManager.getConnection(url, properties);
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
     * Runs the completions of each commit, one after another on the completer thread, inside
     * {@code scope}: the real-time layer passes one that holds back socket writes until the last
     * completion, so what the messages of one commit send to a client leaves in one write.
     */
    void reportCommitsIn(Consumer<Runnable> scope) {
        reportScope = scope;
    }

    /**
     * Reports a commit's writes in order, in groups of at most {@link #REPORT_GROUP} inside the
     * report scope. A lone write goes without: there is nothing to gather, and a scope would only
     * add work. The groups bound how long the first write's deliveries wait for the last one's.
     */
    private void report(List<PendingWrite<?>> done) {
        if (done.size() == 1) {
            done.get(0).report();
            return;
        }
        for (int from = 0; from < done.size(); from += REPORT_GROUP) {
            List<PendingWrite<?>> group = done.subList(from, Math.min(done.size(), from + REPORT_GROUP));
            reportScope.accept(() -> group.forEach(PendingWrite::report));
        }
    }

    /**
     * Queues {@code work} for the writer connection. It runs inside a transaction; once that
     * transaction is committed, {@code onCommitted} gets its result and then the returned future
     * completes, both on the completer thread, write after write in submission order. If {@code
     * work} throws, its changes are rolled back, {@code onCommitted} is not called and the future
     * fails with what it threw. Neither {@code onCommitted} nor callbacks attached to the future
     * may block.
     */
    <T> CompletableFuture<T> submit(Work<T> work, Consumer<T> onCommitted) {
        if (closed) {
            return CompletableFuture.failedFuture(new StoreException("the store is closed", null));
        }
        PendingWrite<T> pending = new PendingWrite<>(work, onCommitted);
        writes.add(pending);
        if (closed && !committer.isAlive() && writes.remove(pending)) {
            // Raced with close() after the committer had finished: nobody would ever run it.
            pending.outcome.completeExceptionally(new StoreException("the store is closed", null));
        }
        return pending.outcome;
    }

    /** As {@link #submit}, waiting for the commit; what {@code work} throws is thrown here. */
    <T> T write(Work<T> work) {
        try {
            return submit(work, result -> {}).get();
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
            writes.add(new PendingWrite<>(null, null)); // tells the committer to finish after what is queued
            try {
                committer.join(10_000);
                List<PendingWrite<?>> rest = new ArrayList<>();
                writes.drainTo(rest);
                StoreException storeClosed = new StoreException("the store is closed", null);
                rest.forEach(p -> p.fail(storeClosed));
                completer.execute(() -> rest.forEach(PendingWrite::report));
                completer.shutdown();
                completer.awaitTermination(10, TimeUnit.SECONDS);
                checkpoints.shutdown();
                checkpoints.awaitTermination(10, TimeUnit.SECONDS);
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
