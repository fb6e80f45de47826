package io.friendchat.server.store.sqlite;

import static io.friendchat.server.store.sqlite.Rows.bind;

import io.friendchat.server.people.BlockStore;
import java.time.Instant;
import java.util.List;

final class SqliteBlockStore implements BlockStore {
    private final SqliteDatabase db;

    SqliteBlockStore(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public boolean block(String userId, String blockedId, Instant at) {
        return db.write(c -> Rows.update(bind(
                        c.prepareStatement("INSERT INTO blocks (user_id, blocked_id, created_at) VALUES (?, ?, ?)"
                                + " ON CONFLICT (user_id, blocked_id) DO NOTHING"),
                        userId,
                        blockedId,
                        at)))
                > 0;
    }

    @Override
    public boolean unblock(String userId, String blockedId) {
        return db.write(c -> Rows.update(bind(
                        c.prepareStatement("DELETE FROM blocks WHERE user_id = ? AND blocked_id = ?"),
                        userId,
                        blockedId)))
                > 0;
    }

    @Override
    public boolean isBlocked(String userId, String blockedId) {
        return db.read(c -> Rows.first(
                        bind(
                                c.prepareStatement("SELECT 1 FROM blocks WHERE user_id = ? AND blocked_id = ?"),
                                userId,
                                blockedId),
                        rs -> true)
                .isPresent());
    }

    @Override
    public List<String> listBlocked(String userId) {
        return db.read(c -> Rows.list(
                bind(c.prepareStatement("SELECT blocked_id FROM blocks WHERE user_id = ?"), userId),
                rs -> rs.getString(1)));
    }
}
