package io.friendchat.server.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteDatabaseTest {
    @TempDir
    Path dir;

    @Test
    void a_write_that_fails_after_changing_rows_is_rolled_back_alone_and_its_batch_commits() throws Exception {
        try (SqliteDatabase db = new SqliteDatabase(dir.resolve("chat.db"))) {
            db.write(c -> execute(c, "CREATE TABLE t (x INTEGER NOT NULL)"));
            // Hold the committer inside one write, so that the next 50 queue up as one batch.
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Void> holder = db.submit(
                    c -> {
                        await(release);
                        return null;
                    },
                    r -> {});
            List<CompletableFuture<Integer>> writes = new ArrayList<>();
            for (int i = 1; i <= 50; i++) {
                int x = i;
                writes.add(db.submit(
                        c -> {
                            execute(c, "INSERT INTO t (x) VALUES (" + x + ")");
                            if (x == 25) {
                                throw new SQLException("write 25 fails after its insert");
                            }
                            return x;
                        },
                        r -> {}));
            }
            release.countDown();
            holder.get(10, TimeUnit.SECONDS);
            for (int i = 0; i < writes.size(); i++) {
                CompletableFuture<Integer> write = writes.get(i);
                if (i + 1 == 25) {
                    assertThrows(ExecutionException.class, () -> write.get(10, TimeUnit.SECONDS));
                } else {
                    assertEquals(i + 1, write.get(10, TimeUnit.SECONDS));
                }
            }
            long rows = db.read(c -> count(c, "SELECT COUNT(*) FROM t"));
            long failedRow = db.read(c -> count(c, "SELECT COUNT(*) FROM t WHERE x = 25"));
            assertEquals(49, rows, "every write but the failing one is stored");
            assertEquals(0, failedRow, "the failing write's insert is rolled back");
        }
    }

    @Test
    void committed_pages_reach_the_database_file_while_it_stays_open() throws Exception {
        Path file = dir.resolve("chat.db");
        try (SqliteDatabase db = new SqliteDatabase(file)) {
            db.write(c -> execute(c, "CREATE TABLE t (body TEXT NOT NULL)"));
            long before = Files.size(file);
            String body = "x".repeat(1000);
            for (int i = 0; i < 2000; i++) {
                db.submit(c -> execute(c, "INSERT INTO t (body) VALUES ('" + body + "')"), r -> {});
            }
            db.write(c -> null); // after every insert above
            // Nothing checkpoints inside commits; only the background checkpoints move the WAL's
            // pages into the file, so it must grow by the 2 MB written without any other call.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (Files.size(file) < before + 2_000_000 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(
                    Files.size(file) >= before + 2_000_000,
                    "the database file stayed at " + Files.size(file) + " bytes (was " + before + ")");
        }
    }

    private static Void execute(java.sql.Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
        return null;
    }

    private static long count(java.sql.Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
