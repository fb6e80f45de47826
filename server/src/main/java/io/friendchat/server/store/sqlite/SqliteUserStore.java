package io.friendchat.server.store.sqlite;

import static io.friendchat.server.store.sqlite.Rows.bind;

import io.friendchat.server.account.User;
import io.friendchat.server.account.UserStore;
import io.friendchat.server.common.ConflictException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

final class SqliteUserStore implements UserStore {
    private static final String COLUMNS =
            "SELECT id, username, email, display_name, password_hash, created_at, admin, deactivated, avatar_version"
                    + " FROM users ";

    private final SqliteDatabase db;

    SqliteUserStore(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public void create(User u) {
        db.write(c -> {
            try {
                return Rows.update(bind(
                        c.prepareStatement(
                                "INSERT INTO users (id, username, username_key, email, email_key, display_name,"
                                        + " display_name_key, password_hash, created_at, admin, deactivated)"
                                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                        u.id(),
                        u.username(),
                        User.caseKey(u.username()),
                        u.email(),
                        User.caseKey(u.email()),
                        u.displayName(),
                        User.caseKey(u.displayName()),
                        u.passwordHash(),
                        u.createdAt(),
                        u.admin() ? 1 : 0,
                        u.deactivated() ? 1 : 0));
            } catch (SQLException e) {
                if (SqliteDatabase.isUniqueViolation(e, "username_key")) {
                    throw new ConflictException("username_taken", "That username is taken.");
                }
                if (SqliteDatabase.isUniqueViolation(e, "email_key")) {
                    throw new ConflictException("email_taken", "That email is already registered.");
                }
                throw e;
            }
        });
    }

    @Override
    public Optional<User> findById(String id) {
        return db.read(c -> Rows.first(bind(c.prepareStatement(COLUMNS + "WHERE id = ?"), id), SqliteUserStore::map));
    }

    @Override
    public List<User> findByIds(Collection<String> ids) {
        return Rows.listIn(db, COLUMNS + "WHERE id IN ?", ids, SqliteUserStore::map);
    }

    @Override
    public Optional<User> findByUsername(String username) {
        return db.read(c -> Rows.first(
                bind(c.prepareStatement(COLUMNS + "WHERE username_key = ?"), User.caseKey(username)),
                SqliteUserStore::map));
    }

    @Override
    public Optional<User> findByEmail(String email) {
        return db.read(c -> Rows.first(
                bind(c.prepareStatement(COLUMNS + "WHERE email_key = ?"), User.caseKey(email)), SqliteUserStore::map));
    }

    @Override
    public boolean updateDisplayName(String id, String displayName) {
        return db.write(c -> Rows.update(bind(
                        c.prepareStatement("UPDATE users SET display_name = ?, display_name_key = ? WHERE id = ?"),
                        displayName,
                        User.caseKey(displayName),
                        id)))
                > 0;
    }

    @Override
    public boolean updatePasswordHash(String id, String passwordHash) {
        return db.write(c -> Rows.update(
                        bind(c.prepareStatement("UPDATE users SET password_hash = ? WHERE id = ?"), passwordHash, id)))
                > 0;
    }

    @Override
    public boolean setAdmin(String id, boolean admin) {
        return db.write(c -> Rows.update(
                        bind(c.prepareStatement("UPDATE users SET admin = ? WHERE id = ?"), admin ? 1 : 0, id)))
                > 0;
    }

    @Override
    public boolean setDeactivated(String id, boolean deactivated) {
        return db.write(c -> Rows.update(bind(
                        c.prepareStatement("UPDATE users SET deactivated = ? WHERE id = ?"), deactivated ? 1 : 0, id)))
                > 0;
    }

    @Override
    public List<User> listByUsername(String prefix, String after, int limit) {
        // A range on the unique index: keys from the prefix up to the prefix followed by the
        // largest character, so no LIKE pattern is built from what was typed.
        String from = User.caseKey(prefix);
        return db.read(c -> Rows.list(
                bind(
                        c.prepareStatement(COLUMNS + "WHERE username_key >= ? AND username_key > ? AND username_key < ?"
                                + " ORDER BY username_key LIMIT ?"),
                        from,
                        after == null ? "" : User.caseKey(after),
                        from + Character.MAX_VALUE,
                        limit),
                SqliteUserStore::map));
    }

    @Override
    public List<User> search(String prefix, int limit) {
        // Two ranges, one per index (SQLite's OR optimisation uses both); no LIKE pattern is
        // built from what was typed.
        String from = User.caseKey(prefix);
        String to = from + Character.MAX_VALUE;
        return db.read(c -> Rows.list(
                bind(
                        c.prepareStatement(COLUMNS + "WHERE ((username_key >= ? AND username_key < ?)"
                                + " OR (display_name_key >= ? AND display_name_key < ?)) AND deactivated = 0"
                                + " ORDER BY username_key LIMIT ?"),
                        from,
                        to,
                        from,
                        to,
                        limit),
                SqliteUserStore::map));
    }

    @Override
    public boolean setAvatar(String id, byte[] image, long version) {
        return db.write(c -> {
            if (Rows.update(bind(c.prepareStatement("UPDATE users SET avatar_version = ? WHERE id = ?"), version, id))
                    == 0) {
                return false;
            }
            Rows.update(bind(
                    c.prepareStatement("INSERT INTO avatars (user_id, image) VALUES (?, ?)"
                            + " ON CONFLICT (user_id) DO UPDATE SET image = excluded.image"),
                    id,
                    image));
            return true;
        });
    }

    @Override
    public boolean clearAvatar(String id) {
        return db.write(c -> {
            Rows.update(bind(c.prepareStatement("DELETE FROM avatars WHERE user_id = ?"), id));
            return Rows.update(bind(c.prepareStatement("UPDATE users SET avatar_version = 0 WHERE id = ?"), id)) > 0;
        });
    }

    @Override
    public Optional<byte[]> findAvatar(String id) {
        return db.read(c -> Rows.first(
                bind(c.prepareStatement("SELECT image FROM avatars WHERE user_id = ?"), id), rs -> rs.getBytes(1)));
    }

    @Override
    public long count() {
        return db.read(c -> Rows.first(c.prepareStatement("SELECT COUNT(*) FROM users"), rs -> rs.getLong(1))
                .orElse(0L));
    }

    private static User map(ResultSet rs) throws SQLException {
        return new User(
                rs.getString("id"),
                rs.getString("username"),
                rs.getString("email"),
                rs.getString("display_name"),
                rs.getString("password_hash"),
                Rows.instant(rs, "created_at"),
                rs.getInt("admin") != 0,
                rs.getInt("deactivated") != 0,
                rs.getLong("avatar_version"));
    }
}
