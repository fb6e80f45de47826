package io.friendchat.server.store.sqlite;

import io.friendchat.server.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQLite file and its connections. SQLite allows one writer at a time, so all writes go
 * through a single connection under a lock, each in its own transaction; reads use a small
 * pool, which WAL mode lets run beside the writer. {@code synchronous=FULL} makes every commit
 * reach the disk before the write returns, so an acknowledged write survives {@code kill -9}
 * and power loss.
 */
final class SqliteDatabase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SqliteDatabase.class);
    private static final int READERS = 4;

    private final Connection writer;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
    private final List<Connection> all = new ArrayList<>();

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
            close();
            throw new StoreException("cannot open SQLite database " + file, e);
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

    /** Runs {@code work} in one write transaction, committed before this returns. */
    <T> T write(Work<T> work) {
        writeLock.lock();
        try {
            writer.setAutoCommit(false);
            try {
                T result = work.run(writer);
                writer.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                writer.rollback();
                throw e;
            } finally {
                writer.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("SQLite write failed", e);
        } finally {
            writeLock.unlock();
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
