package io.friendchat.server.store.sqlite;

import static io.friendchat.server.store.sqlite.Rows.bind;

import io.friendchat.server.room.Room;
import io.friendchat.server.room.RoomStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

final class SqliteRoomStore implements RoomStore {
    private final SqliteDatabase db;

    SqliteRoomStore(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public void create(Room r) {
        db.write(c -> Rows.update(bind(
                c.prepareStatement("INSERT INTO rooms (id, name, description, created_by, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)"),
                r.id(),
                r.name(),
                r.description(),
                r.createdBy(),
                r.createdAt(),
                r.updatedAt())));
    }

    @Override
    public Optional<Room> findById(String id) {
        return db.read(c -> Rows.first(
                bind(
                        c.prepareStatement(
                                "SELECT id, name, description, created_by, created_at, updated_at FROM rooms WHERE id = ?"),
                        id),
                SqliteRoomStore::map));
    }

    @Override
    public boolean update(String id, String name, String description, Instant updatedAt) {
        return db.write(c -> Rows.update(bind(
                        c.prepareStatement("UPDATE rooms SET name = ?, description = ?, updated_at = ? WHERE id = ?"),
                        name,
                        description,
                        updatedAt,
                        id)))
                > 0;
    }

    @Override
    public boolean delete(String id) {
        // One transaction: the room, its memberships and its messages go together or not at all.
        return db.write(c -> {
            Rows.update(bind(c.prepareStatement("DELETE FROM members WHERE room_id = ?"), id));
            Rows.update(bind(c.prepareStatement("DELETE FROM messages WHERE room_id = ?"), id));
            Rows.update(bind(c.prepareStatement("DELETE FROM message_changes WHERE room_id = ?"), id));
            Rows.update(bind(c.prepareStatement("DELETE FROM mentions WHERE room_id = ?"), id));
            return Rows.update(bind(c.prepareStatement("DELETE FROM rooms WHERE id = ?"), id)) > 0;
        });
    }

    private static Room map(ResultSet rs) throws SQLException {
        return new Room(
                rs.getString("id"),
                rs.getString("name"),
                rs.getString("description"),
                rs.getString("created_by"),
                Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"));
    }

    @Override
    public long count() {
        return db.read(c -> Rows.first(c.prepareStatement("SELECT COUNT(*) FROM rooms"), rs -> rs.getLong(1))
                .orElse(0L));
    }
}
