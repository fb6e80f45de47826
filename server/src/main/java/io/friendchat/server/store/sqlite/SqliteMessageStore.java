package io.friendchat.server.store.sqlite;

import static io.friendchat.server.store.sqlite.Rows.bind;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.friendchat.server.message.Message;
import io.friendchat.server.message.MessageStore;
import io.friendchat.server.message.NewMessage;
import io.friendchat.server.store.StoreException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

final class SqliteMessageStore implements MessageStore {
    private static final String COLUMNS = "SELECT id, room_id, seq, author_id, client_id, kind, body, created_at,"
            + " rev, edited_at, deleted_at, reply_to_id, mentions, reactions FROM messages ";

    private static final String INSERT =
            "INSERT INTO messages (room_id, seq, id, author_id, client_id, kind, body, created_at, reply_to_id, mentions)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_MENTION = "INSERT INTO mentions (room_id, user_id, seq) VALUES (?, ?, ?)";
    private static final String CLAIM_REV = "INSERT INTO message_changes (room_id, rev, message_id) VALUES (?, ?, ?)";
    private static final String UPDATE = "UPDATE messages SET body = ?, rev = ?, edited_at = ?, deleted_at = ?,"
            + " reply_to_id = ?, mentions = ?, reactions = ? WHERE room_id = ? AND id = ?";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Message.Reaction>> REACTIONS = new TypeReference<>() {};
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

    /** roomId -> the room's last claimed rev, for rooms changed recently; committer thread only. */
    private final Map<String, Long> lastRev = new LinkedHashMap<>(256, 0.75f, true) {
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
        forgetRolledBack();
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
                            message.createdAt(),
                            message.replyToId(),
                            joinMentions(message.mentions()))
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
        insertMentions(c, message);
        lastSeq.put(m.roomId(), next);
        return new Appended(message, true);
    }

    /** Drops what the caches learnt from writes that a failed commit rolled back. */
    private void forgetRolledBack() {
        if (db.failedCommits() != failedCommitsSeen) {
            lastSeq.clear();
            lastRev.clear();
            failedCommitsSeen = db.failedCommits();
        }
    }

    private void insertMentions(Connection c, Message message) throws SQLException {
        for (String userId : message.mentions()) {
            bind(db.writerStatement(c, INSERT_MENTION), message.roomId(), userId, message.seq())
                    .executeUpdate();
        }
    }

    @Override
    public CompletionStage<Changed> change(
            String roomId, String messageId, UnaryOperator<Message> change, Consumer<Changed> onDurable) {
        return db.submit(c -> applyChange(c, roomId, messageId, change), onDurable);
    }

    /** On the committer thread, the only writer: the read, the rev and the update cannot interleave. */
    private Changed applyChange(Connection c, String roomId, String messageId, UnaryOperator<Message> change)
            throws SQLException {
        forgetRolledBack();
        Optional<Message> current = find(c, roomId, messageId);
        if (current.isEmpty()) {
            return new Changed(null, false);
        }
        Message next = change.apply(current.get());
        if (next == current.get()) {
            return new Changed(next, false);
        }
        Message stored = next.withRev(claimRev(c, roomId, messageId));
        bind(
                        db.writerStatement(c, UPDATE),
                        stored.body(),
                        stored.rev(),
                        stored.editedAt(),
                        stored.deletedAt(),
                        stored.replyToId(),
                        joinMentions(stored.mentions()),
                        reactionsJson(stored.reactions()),
                        roomId,
                        messageId)
                .executeUpdate();
        if (!stored.mentions().equals(current.get().mentions())) {
            bind(c.prepareStatement("DELETE FROM mentions WHERE room_id = ? AND seq = ?"), roomId, stored.seq())
                    .executeUpdate();
            insertMentions(c, stored);
        }
        // Only now: if anything above failed, this write is rolled back and so is its rev.
        lastRev.put(roomId, stored.rev());
        return new Changed(stored, true);
    }

    /**
     * Takes the room's next rev by insert, as {@link #insert} takes the next seq; the caller
     * remembers it once its whole write went through.
     */
    private long claimRev(Connection c, String roomId, String messageId) throws SQLException {
        Long cached = lastRev.get(roomId);
        long next = (cached != null ? cached : readLastRev(c, roomId)) + 1;
        try {
            bind(db.writerStatement(c, CLAIM_REV), roomId, next, messageId).executeUpdate();
        } catch (SQLException e) {
            if (cached != null && SqliteDatabase.isUniqueViolation(e, "message_changes.rev")) {
                lastRev.remove(roomId); // written by another process: read it again
                return claimRev(c, roomId, messageId);
            }
            throw e;
        }
        return next;
    }

    private static long readLastRev(Connection c, String roomId) throws SQLException {
        return Rows.first(
                        bind(
                                c.prepareStatement(
                                        "SELECT COALESCE(MAX(rev), 0) FROM message_changes WHERE room_id = ?"),
                                roomId),
                        rs -> rs.getLong(1))
                .orElse(0L);
    }

    private static Optional<Message> find(Connection c, String roomId, String messageId) throws SQLException {
        return Rows.first(
                bind(c.prepareStatement(COLUMNS + "WHERE id = ? AND room_id = ?"), messageId, roomId),
                SqliteMessageStore::map);
    }

    @Override
    public Optional<Message> find(String roomId, String messageId) {
        return db.read(c -> find(c, roomId, messageId));
    }

    @Override
    public List<Message> findByIds(String roomId, Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", Collections.nCopies(ids.size(), "?"));
        List<Object> args = new ArrayList<>(ids);
        args.add(0, roomId);
        return db.read(c -> Rows.list(
                bind(c.prepareStatement(COLUMNS + "WHERE room_id = ? AND id IN (" + marks + ")"), args.toArray()),
                SqliteMessageStore::map));
    }

    @Override
    public List<Message> changedAfter(String roomId, long afterRev, long maxSeq, int limit) {
        // "rev > 0" lets SQLite use the partial index.
        return db.read(c -> Rows.list(
                bind(
                        c.prepareStatement(COLUMNS
                                + "WHERE room_id = ? AND rev > 0 AND rev > ? AND seq <= ? ORDER BY rev LIMIT ?"),
                        roomId,
                        afterRev,
                        maxSeq,
                        limit),
                SqliteMessageStore::map));
    }

    @Override
    public long latestRev(String roomId) {
        return db.read(c -> readLastRev(c, roomId));
    }

    @Override
    public long countMentions(String roomId, String userId, long afterSeq) {
        return db.read(c -> Rows.first(
                        bind(
                                c.prepareStatement(
                                        "SELECT COUNT(*) FROM mentions WHERE user_id = ? AND room_id = ? AND seq > ?"),
                                userId,
                                roomId,
                                afterSeq),
                        rs -> rs.getLong(1))
                .orElse(0L));
    }

    private static String joinMentions(List<String> mentions) {
        return mentions.isEmpty() ? null : String.join(" ", mentions);
    }

    private static List<String> splitMentions(String column) {
        return column == null || column.isEmpty() ? List.of() : Arrays.asList(column.split(" "));
    }

    private static String reactionsJson(List<Message.Reaction> reactions) {
        if (reactions.isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(reactions);
        } catch (JsonProcessingException e) {
            throw new StoreException("reactions did not serialize", e);
        }
    }

    private static List<Message.Reaction> reactions(String column) {
        if (column == null) {
            return List.of();
        }
        try {
            return JSON.readValue(column, REACTIONS);
        } catch (JsonProcessingException e) {
            throw new StoreException("stored reactions do not parse", e);
        }
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

    static Message map(ResultSet rs) throws SQLException {
        return new Message(
                rs.getString("id"),
                rs.getString("room_id"),
                rs.getLong("seq"),
                rs.getString("author_id"),
                rs.getString("client_id"),
                Message.Kind.fromWire(rs.getString("kind")),
                rs.getString("body"),
                Rows.instant(rs, "created_at"),
                rs.getLong("rev"),
                optionalInstant(rs, "edited_at"),
                optionalInstant(rs, "deleted_at"),
                rs.getString("reply_to_id"),
                splitMentions(rs.getString("mentions")),
                reactions(rs.getString("reactions")));
    }

    private static java.time.Instant optionalInstant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : java.time.Instant.ofEpochMilli(millis);
    }
}
