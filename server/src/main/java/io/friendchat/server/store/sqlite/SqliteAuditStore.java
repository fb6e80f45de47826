package io.friendchat.server.store.sqlite;

import static io.friendchat.server.store.sqlite.Rows.bind;

import io.friendchat.server.admin.AuditEntry;
import io.friendchat.server.admin.AuditStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

final class SqliteAuditStore implements AuditStore {
    private static final String COLUMNS =
            "SELECT id, at, via, actor_id, actor_name, action, target_type, target_id, target_name FROM audit_log ";

    private final SqliteDatabase db;

    SqliteAuditStore(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public void append(AuditEntry e) {
        db.write(c -> Rows.update(bind(
                c.prepareStatement("INSERT INTO audit_log (id, at, via, actor_id, actor_name, action, target_type,"
                        + " target_id, target_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                e.id(),
                e.at(),
                e.via(),
                e.actorId(),
                e.actorName(),
                e.action(),
                e.targetType(),
                e.targetId(),
                e.targetName())));
    }

    @Override
    public List<AuditEntry> page(Instant beforeAt, String beforeId, int limit) {
        if (beforeAt == null) {
            return db.read(c -> Rows.list(
                    bind(c.prepareStatement(COLUMNS + "ORDER BY at DESC, id DESC LIMIT ?"), limit),
                    SqliteAuditStore::map));
        }
        return db.read(c -> Rows.list(
                bind(
                        c.prepareStatement(
                                COLUMNS + "WHERE at < ? OR (at = ? AND id < ?) ORDER BY at DESC, id DESC LIMIT ?"),
                        beforeAt,
                        beforeAt,
                        beforeId,
                        limit),
                SqliteAuditStore::map));
    }

    private static AuditEntry map(ResultSet rs) throws SQLException {
        return new AuditEntry(
                rs.getString("id"),
                Rows.instant(rs, "at"),
                rs.getString("via"),
                rs.getString("actor_id"),
                rs.getString("actor_name"),
                rs.getString("action"),
                rs.getString("target_type"),
                rs.getString("target_id"),
                rs.getString("target_name"));
    }
}
