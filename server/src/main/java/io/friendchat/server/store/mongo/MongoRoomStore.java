package io.friendchat.server.store.mongo;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.friendchat.server.room.Room;
import io.friendchat.server.room.RoomStore;
import io.friendchat.server.room.Visibility;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

final class MongoRoomStore implements RoomStore {
    private final MongoCollection<Document> rooms;
    private final MongoCollection<Document> members;
    private final MongoCollection<Document> messages;
    private final MongoCollection<Document> changes;
    private final MongoCollection<Document> invites;

    MongoRoomStore(MongoDatabase database) {
        rooms = database.getCollection("rooms");
        members = database.getCollection("members");
        messages = database.getCollection("messages");
        changes = database.getCollection("message_changes");
        invites = database.getCollection("invites");
    }

    void createIndexes() {
        // Sparse: rooms that are not direct messages have no key, and any number of them may exist.
        rooms.createIndex(
                Indexes.ascending("directKey"), new IndexOptions().unique(true).sparse(true));
        rooms.createIndex(Indexes.compoundIndex(
                Indexes.ascending("visibility"), Indexes.descending("createdAt"), Indexes.descending("_id")));
    }

    @Override
    public void create(Room r) {
        rooms.insertOne(document(r));
    }

    @Override
    public boolean createDirect(Room r) {
        return Docs.insertUnlessDuplicate(rooms, document(r));
    }

    private static Document document(Room r) {
        Document d = new Document("_id", r.id())
                .append("name", r.name())
                .append("description", r.description())
                .append("createdBy", r.createdBy())
                .append("createdAt", Docs.date(r.createdAt()))
                .append("updatedAt", Docs.date(r.updatedAt()))
                .append("visibility", r.visibility().wire());
        if (r.directKey() != null) {
            d.append("directKey", r.directKey());
        }
        return d;
    }

    @Override
    public List<Room> findByIds(java.util.Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return rooms.find(com.mongodb.client.model.Filters.in("_id", List.copyOf(ids)))
                .map(MongoRoomStore::map)
                .into(new ArrayList<>());
    }

    @Override
    public Optional<Room> findDirect(String directKey) {
        return Optional.ofNullable(rooms.find(eq("directKey", directKey)).first())
                .map(MongoRoomStore::map);
    }

    @Override
    public boolean setVisibility(String id, Visibility visibility, Instant updatedAt) {
        return rooms.updateOne(
                                eq("_id", id),
                                Updates.combine(
                                        Updates.set("visibility", visibility.wire()),
                                        Updates.set("updatedAt", Docs.date(updatedAt))))
                        .getMatchedCount()
                > 0;
    }

    @Override
    public List<Room> listPublic(int offset, int limit) {
        return rooms.find(eq("visibility", Visibility.PUBLIC.wire()))
                .sort(Sorts.descending("createdAt", "_id"))
                .skip(offset)
                .limit(limit)
                .map(MongoRoomStore::map)
                .into(new ArrayList<>());
    }

    @Override
    public Optional<Room> findById(String id) {
        return Optional.ofNullable(rooms.find(eq("_id", id)).first()).map(MongoRoomStore::map);
    }

    @Override
    public boolean update(String id, String name, String description, Instant updatedAt) {
        return rooms.updateOne(
                                eq("_id", id),
                                Updates.combine(
                                        Updates.set("name", name),
                                        Updates.set("description", description),
                                        Updates.set("updatedAt", Docs.date(updatedAt))))
                        .getMatchedCount()
                > 0;
    }

    @Override
    public boolean delete(String id) {
        // No transactions: memberships first, so a crash part-way leaves a room nobody sees.
        members.deleteMany(eq("roomId", id));
        messages.deleteMany(eq("roomId", id));
        changes.deleteMany(eq("roomId", id));
        invites.deleteMany(eq("roomId", id));
        return rooms.deleteOne(eq("_id", id)).getDeletedCount() > 0;
    }

    private static Room map(Document d) {
        return new Room(
                d.getString("_id"),
                d.getString("name"),
                d.getString("description"),
                d.getString("createdBy"),
                Docs.instant(d, "createdAt"),
                Docs.instant(d, "updatedAt"),
                // Rooms stored before visibility existed are private.
                Visibility.fromWire(d.getString("visibility")).orElse(Visibility.PRIVATE),
                d.getString("directKey"));
    }

    @Override
    public long count() {
        return rooms.countDocuments();
    }
}
