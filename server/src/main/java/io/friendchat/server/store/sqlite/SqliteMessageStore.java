package io.friendchat.server.store.sqlite;

import static io.friendchat.server.store.sqlite.Rows.bind;

import io.friendchat.server.message.Message;
import io.friendchat.server.message.MessageStore;
import io.friendchat.server.message.NewMessage;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

final class SqliteMessageStore implements MessageStore {
    private static final String COLUMNS =
            "SELECT id, room_id, seq, author_id, client_id, kind, body, created_at FROM messages ";

    private static final String INSERT =
            "INSERT INTO messages (room_id, seq, id, author_id, client_id, kind, body, created_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String MARK_READ_BY_AUTHOR =
            "UPDATE members SET last_read_seq = ? WHERE room_id = ? AND user_id = ? AND last_read_seq < ?";

    private static final int CACHED_ROOMS = 10_000;

    private final SqliteDatabase db;
    /**
     * roomId -> the room's highest stored seq, for the rooms written to most recently. Only the
     * committer thread touches it (inside writes), so it is a plain map.
     */
    private final Map<String, Long> lastSeq = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > CACHED_ROOMS;
        }
    };

    private long failedCommitsSeen;

    SqliteMessageStore(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public CompletionStage<Appended> append(NewMessage m, Consumer<Appended> onDurable) {
        return db.submit(c -> insert(c, m), onDurable);
    }

    /** Runs on the committer thread, the only one that writes, so the seq cache needs no lock. */
    private Appended insert(Connection c, NewMessage m) throws SQLException {
        if (db.failedCommits() != failedCommitsSeen) {
            lastSeq.clear(); // the writes that filled it may have been rolled back
            failedCommitsSeen = db.failedCommits();
        }
        Long cached = lastSeq.get(m.roomId());
        long next = (cached != null ? cached : readLastSeq(c, m.roomId())) + 1;
        Message message = m.withSeq(next);
        try {
            // Insert first: the unique (room, author, clientId) index turns a retry into a
            // constraint error here, so a new message costs no read.
            bind(
                            db.writerStatement(c, INSERT),
                            message.roomId(),
                            message.seq(),
                            message.id(),
                            message.authorId(),
                            message.clientId(),
                            message.kind().wire(),
                            message.body(),
                            message.createdAt())
                    .executeUpdate();
        } catch (SQLException e) {
            if (SqliteDatabase.isUniqueViolation(e, "messages.client_id")) {
                Optional<Message> existing = byClientId(c, m);
                if (existing.isPresent()) {
                    return new Appended(existing.get(), false);
                }
            }
            if (cached != null && SqliteDatabase.isUniqueViolation(e, "messages.seq")) {
                // The cache was behind the file (written by another process): read it again.
                lastSeq.remove(m.roomId());
                return insert(c, m);
            }
            throw e;
        }
        if (message.authorId() != null) {
            // In the same transaction, so the message is never durable and unread by its author.
            bind(
                            db.writerStatement(c, MARK_READ_BY_AUTHOR),
                            message.seq(),
                            message.roomId(),
                            message.authorId(),
                            message.seq())
                    .executeUpdate();
        }
        lastSeq.put(m.roomId(), next);
        return new Appended(message, true);
    }

    private static long readLastSeq(Connection c, String roomId) throws SQLException {
        return Rows.first(
                        bind(
                                c.prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM messages WHERE room_id = ?"),
                                roomId),
                        rs -> rs.getLong(1))
                .orElse(0L);
    }

    private static Optional<Message> byClientId(Connection c, NewMessage m) throws SQLException {
        return Rows.first(
                bind(
                        c.prepareStatement(COLUMNS + "WHERE room_id = ? AND author_id IS ? AND client_id = ?"),
                        m.roomId(),
                        m.authorId(),
                        m.clientId()),
                SqliteMessageStore::map);
    }

    @Override
    public List<Message> before(String roomId, long beforeSeq, int limit) {
        List<Message> page = db.read(c -> Rows.list(
                bind(
                        c.prepareStatement(COLUMNS + "WHERE room_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?"),
                        roomId,
                        beforeSeq,
                        limit),
                SqliteMessageStore::map));
        Collections.reverse(page);
        return page;
    }

    @Override
    public List<Message> after(String roomId, long afterSeq, int limit) {
        return db.read(c -> Rows.list(
                bind(
                        c.prepareStatement(COLUMNS + "WHERE room_id = ? AND seq > ? ORDER BY seq LIMIT ?"),
                        roomId,
                        afterSeq,
                        limit),
                SqliteMessageStore::map));
    }

    @Override
    public Optional<Message> latest(String roomId) {
        return db.read(c -> Rows.first(
                bind(c.prepareStatement(COLUMNS + "WHERE room_id = ? ORDER BY seq DESC LIMIT 1"), roomId),
                SqliteMessageStore::map));
    }

    @Override
    public long count() {
        return db.read(c -> Rows.first(c.prepareStatement("SELECT COUNT(*) FROM messages"), rs -> rs.getLong(1))
                .orElse(0L));
    }

    private static Message map(ResultSet rs) throws SQLException {
        return new Message(
                rs.getString("id"),
                rs.getString("room_id"),
                rs.getLong("seq"),
                rs.getString("author_id"),
                rs.getString("client_id"),
                Message.Kind.fromWire(rs.getString("kind")),
                rs.getString("body"),
                Rows.instant(rs, "created_at"));
    }
}
