package io.friendchat.server.store.sqlite;

import static io.friendchat.server.store.sqlite.Rows.bind;

import io.friendchat.server.room.Member;
import io.friendchat.server.room.MemberStore;
import io.friendchat.server.room.Notify;
import io.friendchat.server.room.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

final class SqliteMemberStore implements MemberStore {
    private static final String COLUMNS =
            "SELECT room_id, user_id, role, joined_at, last_read_seq, notify FROM members ";

    private final SqliteDatabase db;

    SqliteMemberStore(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public boolean add(Member m) {
        return db.write(c -> Rows.update(bind(
                        c.prepareStatement(
                                "INSERT INTO members (room_id, user_id, role, joined_at, last_read_seq) VALUES (?, ?, ?, ?, ?)"
                                        + " ON CONFLICT (room_id, user_id) DO NOTHING"),
                        m.roomId(),
                        m.userId(),
                        m.role().wire(),
                        m.joinedAt(),
                        m.lastReadSeq())))
                > 0;
    }

    @Override
    public Optional<Member> find(String roomId, String userId) {
        return db.read(c -> Rows.first(
                bind(c.prepareStatement(COLUMNS + "WHERE room_id = ? AND user_id = ?"), roomId, userId),
                SqliteMemberStore::map));
    }

    @Override
    public List<Member> listByRoom(String roomId) {
        return db.read(c -> Rows.list(
                bind(c.prepareStatement(COLUMNS + "WHERE room_id = ? ORDER BY joined_at, user_id"), roomId),
                SqliteMemberStore::map));
    }

    @Override
    public List<Member> listByUser(String userId) {
        return db.read(c ->
                Rows.list(bind(c.prepareStatement(COLUMNS + "WHERE user_id = ?"), userId), SqliteMemberStore::map));
    }

    @Override
    public int countByRoom(String roomId) {
        return db.read(c -> Rows.first(
                        bind(c.prepareStatement("SELECT COUNT(*) FROM members WHERE room_id = ?"), roomId),
                        rs -> rs.getInt(1))
                .orElse(0));
    }

    @Override
    public boolean remove(String roomId, String userId) {
        return db.write(c -> Rows.update(bind(
                        c.prepareStatement("DELETE FROM members WHERE room_id = ? AND user_id = ?"), roomId, userId)))
                > 0;
    }

    @Override
    public boolean updateRole(String roomId, String userId, Role role) {
        return db.write(c -> Rows.update(bind(
                        c.prepareStatement("UPDATE members SET role = ? WHERE room_id = ? AND user_id = ?"),
                        role.wire(),
                        roomId,
                        userId)))
                > 0;
    }

    @Override
    public boolean advanceLastRead(String roomId, String userId, long seq) {
        return db.write(c -> Rows.update(bind(
                        c.prepareStatement(
                                "UPDATE members SET last_read_seq = ? WHERE room_id = ? AND user_id = ? AND last_read_seq < ?"),
                        seq,
                        roomId,
                        userId,
                        seq)))
                > 0;
    }

    @Override
    public boolean setNotify(String roomId, String userId, Notify notify) {
        return db.write(c -> Rows.update(bind(
                        c.prepareStatement("UPDATE members SET notify = ? WHERE room_id = ? AND user_id = ?"),
                        notify.wire(),
                        roomId,
                        userId)))
                > 0;
    }

    private static Member map(ResultSet rs) throws SQLException {
        return new Member(
                rs.getString("room_id"),
                rs.getString("user_id"),
                Role.fromWire(rs.getString("role")).orElseThrow(),
                Rows.instant(rs, "joined_at"),
                rs.getLong("last_read_seq"),
                Notify.fromWire(rs.getString("notify")).orElse(Notify.ALL));
    }
}
