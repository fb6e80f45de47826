package io.friendchat.server.store.sqlite;

import static io.friendchat.server.store.sqlite.Rows.bind;

import io.friendchat.server.room.Room;
import io.friendchat.server.room.RoomStore;
import io.friendchat.server.room.Visibility;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

final class SqliteRoomStore implements RoomStore {
    private static final String COLUMNS =
            "SELECT id, name, description, created_by, created_at, updated_at, visibility, direct_key FROM rooms ";
    private static final String INSERT = "INSERT INTO rooms"
            + " (id, name, description, created_by, created_at, updated_at, visibility, direct_key)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    private final SqliteDatabase db;

    SqliteRoomStore(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public void create(Room r) {
        db.write(c -> Rows.update(bind(c.prepareStatement(INSERT), values(r))));
    }

    @Override
    public boolean createDirect(Room r) {
        return db.write(c -> Rows.update(
                        bind(c.prepareStatement(INSERT + " ON CONFLICT (direct_key) DO NOTHING"), values(r))))
                > 0;
    }

    private static Object[] values(Room r) {
        return new Object[] {
            r.id(),
            r.name(),
            r.description(),
            r.createdBy(),
            r.createdAt(),
            r.updatedAt(),
            r.visibility().wire(),
            r.directKey()
        };
    }

    @Override
    public Optional<Room> findById(String id) {
        return db.read(c -> Rows.first(bind(c.prepareStatement(COLUMNS + "WHERE id = ?"), id), SqliteRoomStore::map));
    }

    @Override
    public List<Room> findByIds(java.util.Collection<String> ids) {
        return Rows.listIn(db, COLUMNS + "WHERE id IN ?", ids, SqliteRoomStore::map);
    }

    @Override
    public Optional<Room> findDirect(String directKey) {
        return db.read(c -> Rows.first(
                bind(c.prepareStatement(COLUMNS + "WHERE direct_key = ?"), directKey), SqliteRoomStore::map));
    }

    @Override
    public boolean setVisibility(String id, Visibility visibility, Instant updatedAt) {
        return db.write(c -> Rows.update(bind(
                        c.prepareStatement("UPDATE rooms SET visibility = ?, updated_at = ? WHERE id = ?"),
                        visibility.wire(),
                        updatedAt,
                        id)))
                > 0;
    }

    @Override
    public List<Room> listPublic(int offset, int limit) {
        return db.read(c -> Rows.list(
                bind(
                        c.prepareStatement(COLUMNS + "WHERE visibility = 'public' ORDER BY created_at DESC, id DESC"
                                + " LIMIT ? OFFSET ?"),
                        limit,
                        offset),
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
            Rows.update(bind(c.prepareStatement("DELETE FROM invites WHERE room_id = ?"), id));
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
                Rows.instant(rs, "updated_at"),
                Visibility.fromWire(rs.getString("visibility")).orElseThrow(),
                rs.getString("direct_key"));
    }

    @Override
    public long count() {
        return db.read(c -> Rows.first(c.prepareStatement("SELECT COUNT(*) FROM rooms"), rs -> rs.getLong(1))
                .orElse(0L));
    }
}
