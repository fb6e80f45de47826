package io.friendchat.server.store.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.friendchat.server.room.Member;
import io.friendchat.server.room.MemberStore;
import io.friendchat.server.room.Notify;
import io.friendchat.server.room.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

final class MongoMemberStore implements MemberStore {
    private final MongoCollection<Document> members;

    MongoMemberStore(MongoDatabase database) {
        members = database.getCollection("members");
    }

    void createIndexes() {
        members.createIndex(Indexes.ascending("roomId", "userId"), new IndexOptions().unique(true));
        members.createIndex(Indexes.ascending("userId"));
    }

    private static Bson key(String roomId, String userId) {
        return and(eq("roomId", roomId), eq("userId", userId));
    }

    @Override
    public boolean add(Member m) {
        try {
            members.insertOne(new Document("roomId", m.roomId())
                    .append("userId", m.userId())
                    .append("role", m.role().wire())
                    .append("joinedAt", Docs.date(m.joinedAt()))
                    .append("lastReadSeq", m.lastReadSeq()));
            return true;
        } catch (RuntimeException e) {
            if (Docs.isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public Optional<Member> find(String roomId, String userId) {
        return Optional.ofNullable(members.find(key(roomId, userId)).first()).map(MongoMemberStore::map);
    }

    @Override
    public List<Member> listByRoom(String roomId) {
        return members.find(eq("roomId", roomId))
                .sort(Sorts.ascending("joinedAt", "userId"))
                .map(MongoMemberStore::map)
                .into(new ArrayList<>());
    }

    @Override
    public List<Member> listByUser(String userId) {
        return members.find(eq("userId", userId)).map(MongoMemberStore::map).into(new ArrayList<>());
    }

    @Override
    public int countByRoom(String roomId) {
        return (int) members.countDocuments(eq("roomId", roomId));
    }

    @Override
    public boolean remove(String roomId, String userId) {
        return members.deleteOne(key(roomId, userId)).getDeletedCount() > 0;
    }

    @Override
    public boolean updateRole(String roomId, String userId, Role role) {
        return members.updateOne(key(roomId, userId), Updates.set("role", role.wire()))
                        .getMatchedCount()
                > 0;
    }

    @Override
    public boolean advanceLastRead(String roomId, String userId, long seq) {
        // The filter makes the update a compare-and-set, so concurrent reads can never lower it.
        return members.updateOne(and(key(roomId, userId), lt("lastReadSeq", seq)), Updates.set("lastReadSeq", seq))
                        .getModifiedCount()
                > 0;
    }

    @Override
    public boolean setNotify(String roomId, String userId, Notify notify) {
        return members.updateOne(key(roomId, userId), Updates.set("notify", notify.wire()))
                        .getMatchedCount()
                > 0;
    }

    private static Member map(Document d) {
        return new Member(
                d.getString("roomId"),
                d.getString("userId"),
                Role.fromWire(d.getString("role")).orElseThrow(),
                Docs.instant(d, "joinedAt"),
                ((Number) d.get("lastReadSeq")).longValue(),
                Notify.fromWire(d.getString("notify")).orElse(Notify.ALL));
    }
}
