package io.friendchat.server.store.sqlite;

import static io.friendchat.server.store.sqlite.Rows.bind;

import io.friendchat.server.account.Session;
import io.friendchat.server.account.SessionStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

final class SqliteSessionStore implements SessionStore {
    private final SqliteDatabase db;

    SqliteSessionStore(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public void create(Session s) {
        db.write(c -> Rows.update(bind(
                c.prepareStatement(
                        "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, user_agent, ip)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?)"),
                s.tokenHash(),
                s.userId(),
                s.createdAt(),
                s.lastSeenAt(),
                s.expiresAt(),
                s.userAgent(),
                s.ip())));
    }

    @Override
    public Optional<Session> findByTokenHash(String tokenHash) {
        return db.read(c -> Rows.first(
                bind(
                        c.prepareStatement(
                                "SELECT token_hash, user_id, created_at, last_seen_at, expires_at, user_agent, ip"
                                        + " FROM sessions WHERE token_hash = ?"),
                        tokenHash),
                SqliteSessionStore::map));
    }

    @Override
    public void touch(String tokenHash, Instant lastSeenAt, Instant expiresAt) {
        db.write(c -> Rows.update(bind(
                c.prepareStatement("UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE token_hash = ?"),
                lastSeenAt,
                expiresAt,
                tokenHash)));
    }

    @Override
    public boolean delete(String tokenHash) {
        return db.write(c ->
                        Rows.update(bind(c.prepareStatement("DELETE FROM sessions WHERE token_hash = ?"), tokenHash)))
                > 0;
    }

    @Override
    public int deleteAllForUser(String userId, String keepTokenHash) {
        return db.write(c -> Rows.update(bind(
                c.prepareStatement("DELETE FROM sessions WHERE user_id = ? AND token_hash IS NOT ?"),
                userId,
                keepTokenHash)));
    }

    @Override
    public int deleteExpired(Instant now) {
        return db.write(c -> Rows.update(bind(c.prepareStatement("DELETE FROM sessions WHERE expires_at < ?"), now)));
    }

    private static Session map(ResultSet rs) throws SQLException {
        return new Session(
                rs.getString("token_hash"),
                rs.getString("user_id"),
                Rows.instant(rs, "created_at"),
                Rows.instant(rs, "last_seen_at"),
                Rows.instant(rs, "expires_at"),
                rs.getString("user_agent"),
                rs.getString("ip"));
    }
}
