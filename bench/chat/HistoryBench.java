// History latency: a page of 50 messages from a room holding 1,000,000, on the SQLite store.
// Run: bench/chat/history.sh (builds the jar, then runs this file in Java's source-file mode).
// Prints p50/p99/max for the newest page and for pages at random depths. Not a test.
import io.friendchat.server.message.Message;
import io.friendchat.server.store.sqlite.SqliteDataStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

public class HistoryBench {
    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        Path dir = Files.createTempDirectory("fc-history");
        String room = "000000000000000000000001";
        // The store creates the schema; the rows are loaded in one transaction, as an import would.
        new SqliteDataStore(dir).close();
        long loadStart = System.nanoTime();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteDataStore.FILE_NAME))) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO messages (room_id, seq, id, author_id,"
                    + " client_id, kind, body, created_at) VALUES (?, ?, ?, ?, ?, 'text', ?, ?)")) {
                for (int seq = 1; seq <= total; seq++) {
                    ps.setString(1, room);
                    ps.setLong(2, seq);
                    ps.setString(3, String.format("%024x", seq));
                    ps.setString(4, "00000000000000000000000" + (seq % 10));
                    ps.setString(5, "c" + seq);
                    ps.setString(6, "message number " + seq + " with a typical length of text in it");
                    ps.setLong(7, 1_700_000_000_000L + seq);
                    ps.addBatch();
                    if (seq % 10_000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
        }
        System.out.printf("loaded %,d messages in %.1f s%n", total, (System.nanoTime() - loadStart) / 1e9);
        try (SqliteDataStore store = new SqliteDataStore(dir)) {
            Random random = new Random(42);
            for (int i = 0; i < 2_000; i++) { // warm-up: JIT and page cache
                store.messages().before(room, 1 + random.nextInt(total), 50);
            }
            report("newest page (before = latest)", store, room, samples, () -> Long.MAX_VALUE);
            report("random depth (before = uniform 51..N)", store, room, samples,
                    () -> 51 + (long) random.nextInt(total - 50));
            report("catch-up page (after = uniform, 50)", store, room, samples, null);
        }
    }

    interface Before {
        long next();
    }

    static void report(String what, SqliteDataStore store, String room, int samples, Before before) {
        long[] nanos = new long[samples];
        Random random = new Random(7);
        for (int i = 0; i < samples; i++) {
            long start = System.nanoTime();
            List<Message> page = before == null
                    ? store.messages().after(room, random.nextInt(999_000), 50)
                    : store.messages().before(room, before.next(), 50);
            nanos[i] = System.nanoTime() - start;
            if (page.size() != 50) {
                throw new IllegalStateException("page of " + page.size());
            }
        }
        Arrays.sort(nanos);
        System.out.printf("%-40s p50 %.3f ms  p99 %.3f ms  max %.3f ms  (%d pages of 50)%n", what,
                nanos[samples / 2] / 1e6, nanos[(int) (samples * 0.99)] / 1e6, nanos[samples - 1] / 1e6, samples);
    }
}
