package io.friendchat.server.store.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.ne;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import io.friendchat.server.account.Session;
import io.friendchat.server.account.SessionStore;
import java.time.Instant;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

final class MongoSessionStore implements SessionStore {
    private final MongoCollection<Document> sessions;

    MongoSessionStore(MongoDatabase database) {
        sessions = database.getCollection("sessions");
    }

    void createIndexes() {
        sessions.createIndex(Indexes.ascending("userId"));
        sessions.createIndex(Indexes.ascending("expiresAt"));
    }

    @Override
    public void create(Session s) {
        sessions.insertOne(new Document("_id", s.tokenHash())
                .append("userId", s.userId())
                .append("createdAt", Docs.date(s.createdAt()))
                .append("lastSeenAt", Docs.date(s.lastSeenAt()))
                .append("expiresAt", Docs.date(s.expiresAt()))
                .append("userAgent", s.userAgent())
                .append("ip", s.ip()));
    }

    @Override
    public Optional<Session> findByTokenHash(String tokenHash) {
        return Optional.ofNullable(sessions.find(eq("_id", tokenHash)).first()).map(MongoSessionStore::map);
    }

    @Override
    public void touch(String tokenHash, Instant lastSeenAt, Instant expiresAt) {
        sessions.updateOne(
                eq("_id", tokenHash),
                Updates.combine(
                        Updates.set("lastSeenAt", Docs.date(lastSeenAt)),
                        Updates.set("expiresAt", Docs.date(expiresAt))));
    }

    @Override
    public boolean delete(String tokenHash) {
        return sessions.deleteOne(eq("_id", tokenHash)).getDeletedCount() > 0;
    }

    @Override
    public int deleteAllForUser(String userId, String keepTokenHash) {
        Bson filter =
                keepTokenHash == null ? eq("userId", userId) : and(eq("userId", userId), ne("_id", keepTokenHash));
        return (int) sessions.deleteMany(filter).getDeletedCount();
    }

    @Override
    public int deleteExpired(Instant now) {
        return (int) sessions.deleteMany(lt("expiresAt", Docs.date(now))).getDeletedCount();
    }

    private static Session map(Document d) {
        return new Session(
                d.getString("_id"),
                d.getString("userId"),
                Docs.instant(d, "createdAt"),
                Docs.instant(d, "lastSeenAt"),
                Docs.instant(d, "expiresAt"),
                d.getString("userAgent"),
                d.getString("ip"));
    }
}
