// Search latency: GET /api/search's store query over 1,000,000 messages on SQLite (FTS5).
// Run: bench/chat/search.sh (builds the jar, then runs this file in Java's source-file mode).
// Prints p50/p99/max per kind of query. Not a test.
import io.friendchat.server.search.MessageSearch;
import io.friendchat.server.store.sqlite.SqliteDataStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

public class SearchBench {
    static final String[] SYLLABLES = {"ka", "lo", "mi", "ne", "su", "ta", "ri", "po", "ve", "do", "ga", "hu", "ze",
        "bi", "fa", "ju", "qu", "xo", "wy", "ce"};

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        int roomCount = 200;
        // A third argument reuses the data dir of an earlier run (its load takes minutes).
        boolean reuse = args.length > 2;
        Path dir = reuse ? Path.of(args[2]) : Files.createTempDirectory("fc-search");
        // A vocabulary of 20,000 made-up words whose use follows Zipf's law, as words in chat do.
        String[] words = new String[20_000];
        for (int i = 0; i < words.length; i++) {
            StringBuilder w = new StringBuilder();
            for (int n = i + 7; n > 0 || w.length() < 4; n /= SYLLABLES.length) {
                w.append(SYLLABLES[n % SYLLABLES.length]);
            }
            words[i] = w.toString();
        }
        double[] cumulative = new double[words.length];
        double sum = 0;
        for (int i = 0; i < words.length; i++) {
            sum += 1.0 / (i + 1);
            cumulative[i] = sum;
        }
        Random random = new Random(42);
        Supplier<String> word = () -> {
            int at = Arrays.binarySearch(cumulative, random.nextDouble() * cumulative[cumulative.length - 1]);
            return words[Math.min(words.length - 1, at < 0 ? -at - 1 : at)];
        };
        List<String> rooms = new ArrayList<>();
        for (int r = 0; r < roomCount; r++) {
            rooms.add(String.format("%024x", 1_000_000 + r));
        }
        // The store creates the schema (and its FTS5 triggers); the rows go in through those
        // triggers, in one transaction, as an import would.
        new SqliteDataStore(dir).close();
        long loadStart = System.nanoTime();
        if (!reuse) try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteDataStore.FILE_NAME))) {
            c.setAutoCommit(false);
            long[] seqs = new long[roomCount];
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO messages (room_id, seq, id, author_id,"
                    + " client_id, kind, body, created_at) VALUES (?, ?, ?, ?, ?, 'text', ?, ?)")) {
                for (int i = 1; i <= total; i++) {
                    int room = random.nextInt(roomCount);
                    StringBuilder body = new StringBuilder();
                    for (int n = 6 + random.nextInt(10); n > 0; n--) {
                        body.append(word.get()).append(n > 1 ? ' ' : '.');
                    }
                    ps.setString(1, rooms.get(room));
                    ps.setLong(2, ++seqs[room]);
                    ps.setString(3, String.format("%024x", i));
                    ps.setString(4, "00000000000000000000000" + (i % 10));
                    ps.setString(5, "c" + i);
                    ps.setString(6, body.toString());
                    ps.setLong(7, 1_700_000_000_000L + i);
                    ps.addBatch();
                    if (i % 10_000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
        }
        System.out.printf("%s %,d messages in %d rooms in %.1f s (data dir %s)%n", reuse ? "reused" : "loaded", total,
                roomCount, (System.nanoTime() - loadStart) / 1e9, dir);
        try (SqliteDataStore store = new SqliteDataStore(dir)) {
            MessageSearch search = store.messageSearch();
            List<String> twentyRooms = rooms.subList(0, 20);
            List<String> oneRoom = rooms.subList(0, 1);
            Random pick = new Random(7);
            Supplier<List<String>> common = () -> List.of(words[pick.nextInt(10)]);
            Supplier<List<String>> middle = () -> List.of(words[100 + pick.nextInt(900)]);
            Supplier<List<String>> rare = () -> List.of(words[5_000 + pick.nextInt(15_000)]);
            Supplier<List<String>> two = () -> List.of(words[pick.nextInt(200)], words[pick.nextInt(200)]);
            Supplier<List<String>> prefix = () -> List.of(words[pick.nextInt(2_000)].substring(0, 3));
            for (int i = 0; i < 500; i++) { // warm-up: JIT and page cache
                search.search(twentyRooms, middle.get(), null, 20);
            }
            report("common word, member of 20/200 rooms", search, twentyRooms, common, samples);
            report("mid word (rank 100-1000), 20 rooms", search, twentyRooms, middle, samples);
            report("rare word (rank 5000+), 20 rooms", search, twentyRooms, rare, samples);
            report("two words (top 200), 20 rooms", search, twentyRooms, two, samples);
            report("3-letter prefix, 20 rooms", search, twentyRooms, prefix, samples);
            report("common word, member of 1 room", search, oneRoom, common, samples);
            report("mid word, member of 1 room", search, oneRoom, middle, samples);
        }
    }

    static void report(String what, MessageSearch search, List<String> rooms, Supplier<List<String>> terms,
            int samples) {
        long[] nanos = new long[samples];
        long hits = 0;
        for (int i = 0; i < samples; i++) {
            List<String> query = terms.get();
            long start = System.nanoTime();
            hits += search.search(rooms, query, null, 20).messages().size();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        System.out.printf("%-40s p50 %7.3f ms  p99 %7.3f ms  max %7.3f ms  (%d queries, %.1f hits each)%n", what,
                nanos[samples / 2] / 1e6, nanos[(int) (samples * 0.99)] / 1e6, nanos[samples - 1] / 1e6, samples,
                hits / (double) samples);
    }
}
