package io.friendchat.server.store.sqlite;

import static io.friendchat.server.store.sqlite.Rows.bind;

import io.friendchat.server.message.Message;
import io.friendchat.server.message.MessageStore;
import io.friendchat.server.message.NewMessage;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

final class SqliteMessageStore implements MessageStore {
    private static final String COLUMNS =
            "SELECT id, room_id, seq, author_id, client_id, kind, body, created_at FROM messages ";

    private final SqliteDatabase db;

    SqliteMessageStore(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public Appended append(NewMessage m) {
        // The single writer makes "read the last seq, insert the next" atomic, so seqs have no gaps.
        return db.write(c -> {
            Optional<Message> existing = byClientId(c, m);
            if (existing.isPresent()) {
                return new Appended(existing.get(), false);
            }
            long next = Rows.first(
                            bind(
                                    c.prepareStatement(
                                            "SELECT COALESCE(MAX(seq), 0) + 1 FROM messages WHERE room_id = ?"),
                                    m.roomId()),
                            rs -> rs.getLong(1))
                    .orElse(1L);
            Message message = m.withSeq(next);
            Rows.update(bind(
                    c.prepareStatement(
                            "INSERT INTO messages (room_id, seq, id, author_id, client_id, kind, body, created_at)"
                                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                    message.roomId(),
                    message.seq(),
                    message.id(),
                    message.authorId(),
                    message.clientId(),
                    message.kind().wire(),
                    message.body(),
                    message.createdAt()));
            if (message.authorId() != null) {
                // In the same transaction, so the message is never durable and unread by its author.
                Rows.update(bind(
                        c.prepareStatement("UPDATE members SET last_read_seq = ?"
                                + " WHERE room_id = ? AND user_id = ? AND last_read_seq < ?"),
                        message.seq(),
                        message.roomId(),
                        message.authorId(),
                        message.seq()));
            }
            return new Appended(message, true);
        });
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
