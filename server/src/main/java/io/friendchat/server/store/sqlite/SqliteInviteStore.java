package io.friendchat.server.store.sqlite;

import static io.friendchat.server.store.sqlite.Rows.bind;

import io.friendchat.server.room.Invite;
import io.friendchat.server.room.InviteStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

final class SqliteInviteStore implements InviteStore {
    private static final String COLUMNS =
            "SELECT token, room_id, created_by, created_at, expires_at, max_uses, uses FROM invites ";

    private final SqliteDatabase db;

    SqliteInviteStore(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public void create(Invite i) {
        db.write(c -> Rows.update(bind(
                c.prepareStatement("INSERT INTO invites (token, room_id, created_by, created_at, expires_at, max_uses,"
                        + " uses) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                i.token(),
                i.roomId(),
                i.createdBy(),
                i.createdAt(),
                i.expiresAt(),
                i.maxUses(),
                i.uses())));
    }

    @Override
    public Optional<Invite> find(String token) {
        return db.read(
                c -> Rows.first(bind(c.prepareStatement(COLUMNS + "WHERE token = ?"), token), SqliteInviteStore::map));
    }

    @Override
    public List<Invite> listByRoom(String roomId) {
        return db.read(c -> Rows.list(
                bind(c.prepareStatement(COLUMNS + "WHERE room_id = ? ORDER BY created_at DESC, token"), roomId),
                SqliteInviteStore::map));
    }

    @Override
    public boolean delete(String roomId, String token) {
        return db.write(c -> Rows.update(
                        bind(c.prepareStatement("DELETE FROM invites WHERE room_id = ? AND token = ?"), roomId, token)))
                > 0;
    }

    @Override
    public boolean use(String token, Instant now) {
        return db.write(c -> Rows.update(bind(
                        c.prepareStatement(
                                "UPDATE invites SET uses = uses + 1 WHERE token = ?"
                                        + " AND (expires_at IS NULL OR expires_at > ?) AND (max_uses IS NULL OR uses < max_uses)"),
                        token,
                        now)))
                > 0;
    }

    @Override
    public void unuse(String token) {
        db.write(c -> Rows.update(
                bind(c.prepareStatement("UPDATE invites SET uses = uses - 1 WHERE token = ? AND uses > 0"), token)));
    }

    private static Invite map(ResultSet rs) throws SQLException {
        long expires = rs.getLong("expires_at");
        Instant expiresAt = rs.wasNull() ? null : Instant.ofEpochMilli(expires);
        int max = rs.getInt("max_uses");
        Integer maxUses = rs.wasNull() ? null : max;
        return new Invite(
                rs.getString("token"),
                rs.getString("room_id"),
                rs.getString("created_by"),
                Rows.instant(rs, "created_at"),
                expiresAt,
                maxUses,
                rs.getInt("uses"));
    }
}
