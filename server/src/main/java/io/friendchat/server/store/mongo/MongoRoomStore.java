package io.friendchat.server.store.mongo;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;
import io.friendchat.server.room.Room;
import io.friendchat.server.room.RoomStore;
import java.time.Instant;
import java.util.Optional;
import org.bson.Document;

final class MongoRoomStore implements RoomStore {
    private final MongoCollection<Document> rooms;
    private final MongoCollection<Document> members;
    private final MongoCollection<Document> messages;
    private final MongoCollection<Document> changes;

    MongoRoomStore(MongoDatabase database) {
        rooms = database.getCollection("rooms");
        members = database.getCollection("members");
        messages = database.getCollection("messages");
        changes = database.getCollection("message_changes");
    }

    @Override
    public void create(Room r) {
        rooms.insertOne(new Document("_id", r.id())
                .append("name", r.name())
                .append("description", r.description())
                .append("createdBy", r.createdBy())
                .append("createdAt", Docs.date(r.createdAt()))
                .append("updatedAt", Docs.date(r.updatedAt())));
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
        return rooms.deleteOne(eq("_id", id)).getDeletedCount() > 0;
    }

    private static Room map(Document d) {
        return new Room(
                d.getString("_id"),
                d.getString("name"),
                d.getString("description"),
                d.getString("createdBy"),
                Docs.instant(d, "createdAt"),
                Docs.instant(d, "updatedAt"));
    }

    @Override
    public long count() {
        return rooms.countDocuments();
    }
}
