package io.friendchat.server.store.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.friendchat.server.room.Invite;
import io.friendchat.server.room.InviteStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

final class MongoInviteStore implements InviteStore {
    private final MongoCollection<Document> invites;

    MongoInviteStore(MongoDatabase database) {
        invites = database.getCollection("invites");
    }

    void createIndexes() {
        invites.createIndex(Indexes.compoundIndex(Indexes.ascending("roomId"), Indexes.descending("createdAt")));
    }

    @Override
    public void create(Invite i) {
        invites.insertOne(new Document("_id", i.token())
                .append("roomId", i.roomId())
                .append("createdBy", i.createdBy())
                .append("createdAt", Docs.date(i.createdAt()))
                .append("expiresAt", i.expiresAt() == null ? null : Docs.date(i.expiresAt()))
                .append("maxUses", i.maxUses())
                .append("uses", i.uses()));
    }

    @Override
    public Optional<Invite> find(String token) {
        return Optional.ofNullable(invites.find(eq("_id", token)).first()).map(MongoInviteStore::map);
    }

    @Override
    public List<Invite> listByRoom(String roomId) {
        return invites.find(eq("roomId", roomId))
                .sort(Sorts.orderBy(Sorts.descending("createdAt"), Sorts.ascending("_id")))
                .map(MongoInviteStore::map)
                .into(new ArrayList<>());
    }

    @Override
    public boolean delete(String roomId, String token) {
        return invites.deleteOne(and(eq("_id", token), eq("roomId", roomId))).getDeletedCount() > 0;
    }

    @Override
    public boolean use(String token, Instant now) {
        // One conditional update: a compare-and-set on the count, as the SQLite store does.
        return invites.updateOne(
                                and(
                                        eq("_id", token),
                                        Filters.or(eq("expiresAt", null), Filters.gt("expiresAt", Docs.date(now))),
                                        Filters.or(
                                                eq("maxUses", null),
                                                Filters.expr(new Document("$lt", List.of("$uses", "$maxUses"))))),
                                Updates.inc("uses", 1))
                        .getModifiedCount()
                > 0;
    }

    @Override
    public void unuse(String token) {
        invites.updateOne(and(eq("_id", token), Filters.gt("uses", 0)), Updates.inc("uses", -1));
    }

    private static Invite map(Document d) {
        Number max = (Number) d.get("maxUses");
        return new Invite(
                d.getString("_id"),
                d.getString("roomId"),
                d.getString("createdBy"),
                Docs.instant(d, "createdAt"),
                d.getDate("expiresAt") == null ? null : d.getDate("expiresAt").toInstant(),
                max == null ? null : max.intValue(),
                ((Number) d.get("uses")).intValue());
    }
}
