// What keeping the FTS5 search index costs each message write on SQLite, for the index designs
// the store could use. Run: bench/chat/fts-index.sh (runs this file in Java's source-file mode
// with the server jar, for its SQLite driver). Prints microseconds per message. Not a test.
//
// Each variant writes MESSAGES messages to 20 rooms in group commits of BATCH writes, each
// write inside its own savepoint, as SqliteDatabase does, on the messages table of the schema:
//   none      no search index at all (the store before search);
//   rows      only the trigger's row in message_search_rows (what search must add at least);
//   trigger   the FTS5 insert in the message's own trigger (schema version 5);
//   batch     the trigger queues the message and the batch indexes the queue before its
//             commit, outside any savepoint (schema version 7, today's store);
//   deferred  as batch, but the queue is indexed only every DEFER messages.
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

public class FtsIndexBench {
    static final String[] WORDS = ("the quick brown fox jumps over lazy dog hello world message chat room friend"
                    + " lunch meeting today tomorrow ship deploy")
            .split(" ");

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 60_000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int defer = args.length > 2 ? Integer.parseInt(args[2]) : 3_000;
        System.out.printf("# %d messages, group commits of %d, deferred indexing every %d%n", messages, batch, defer);
        for (int round = 0; round < 2; round++) { // the first round warms the JIT up
            for (String variant : List.of("none", "rows", "trigger", "batch", "deferred")) {
                double micros = run(variant, messages, batch, defer);
                if (round == 1) {
                    System.out.printf("%-9s %6.1f us/message%n", variant, micros);
                }
            }
        }
    }

    static double run(String variant, int messages, int batch, int defer) throws Exception {
        Path file = Files.createTempFile("fts-index", ".db");
        Files.delete(file);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            // Without fsync, so that only the CPU cost of the index is compared.
            s.execute("PRAGMA synchronous=OFF");
            s.execute("CREATE TABLE messages (room_id TEXT NOT NULL, seq INTEGER NOT NULL, id TEXT NOT NULL UNIQUE,"
                    + " author_id TEXT, client_id TEXT NOT NULL, kind TEXT NOT NULL, body TEXT NOT NULL,"
                    + " created_at INTEGER NOT NULL, rev INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (room_id, seq))"
                    + " WITHOUT ROWID");
            s.execute("CREATE UNIQUE INDEX messages_by_client_id ON messages(room_id, author_id, client_id)");
            List<PreparedStatement> indexQueue = new ArrayList<>();
            if (!variant.equals("none")) {
                s.execute("CREATE TABLE message_search_rows (id INTEGER PRIMARY KEY, room_id TEXT NOT NULL,"
                        + " seq INTEGER NOT NULL, UNIQUE (room_id, seq))");
                s.execute("CREATE VIRTUAL TABLE message_search USING fts5(body,"
                        + " tokenize = 'unicode61 remove_diacritics 0', prefix = '1 2 3 4 5 6')");
                s.execute("CREATE TABLE message_search_pending (id INTEGER PRIMARY KEY)");
                String then =
                        switch (variant) {
                            case "rows" -> "";
                            case "trigger" ->
                                "INSERT INTO message_search (rowid, body) VALUES (last_insert_rowid(), new.body);";
                            default -> "INSERT INTO message_search_pending (id) VALUES (last_insert_rowid());";
                        };
                s.execute("CREATE TRIGGER message_search_on_insert AFTER INSERT ON messages BEGIN"
                        + " INSERT INTO message_search_rows (room_id, seq) VALUES (new.room_id, new.seq); " + then
                        + " END");
                if (variant.equals("batch") || variant.equals("deferred")) {
                    indexQueue.add(c.prepareStatement("INSERT INTO message_search (rowid, body)"
                            + " SELECT p.id, m.body FROM message_search_pending p"
                            + " JOIN message_search_rows r ON r.id = p.id"
                            + " JOIN messages m ON m.room_id = r.room_id AND m.seq = r.seq"));
                    indexQueue.add(c.prepareStatement("DELETE FROM message_search_pending"));
                }
            }
            PreparedStatement insert = c.prepareStatement("INSERT INTO messages"
                    + " (room_id, seq, id, author_id, client_id, kind, body, created_at) VALUES (?,?,?,?,?,?,?,?)");
            PreparedStatement savepoint = c.prepareStatement("SAVEPOINT write");
            PreparedStatement release = c.prepareStatement("RELEASE write");
            Random random = new Random(1);
            long[] seqs = new long[20];
            int sinceIndexed = 0;
            long start = System.nanoTime();
            for (int i = 0; i < messages; ) {
                c.setAutoCommit(false);
                for (int j = 0; j < batch && i < messages; j++, i++) {
                    int room = i % seqs.length;
                    StringBuilder body = new StringBuilder("message " + i);
                    for (int k = 0; k < 5; k++) {
                        body.append(' ').append(WORDS[random.nextInt(WORDS.length)]);
                    }
                    savepoint.execute();
                    insert.setString(1, String.format("%024x", room));
                    insert.setLong(2, ++seqs[room]);
                    insert.setString(3, String.format("%024x", 1_000_000L + i));
                    insert.setString(4, "author" + room);
                    insert.setString(5, "c" + i);
                    insert.setString(6, "text");
                    insert.setString(7, body.toString());
                    insert.setLong(8, i);
                    insert.executeUpdate();
                    release.execute();
                    sinceIndexed++;
                }
                if (!variant.equals("deferred") || sinceIndexed >= defer || i >= messages) {
                    for (PreparedStatement statement : indexQueue) {
                        statement.executeUpdate();
                    }
                    sinceIndexed = 0;
                }
                c.commit();
            }
            return (System.nanoTime() - start) / 1000.0 / messages;
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
