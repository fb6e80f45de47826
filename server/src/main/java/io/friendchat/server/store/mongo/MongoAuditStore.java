package io.friendchat.server.store.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import io.friendchat.server.admin.AuditEntry;
import io.friendchat.server.admin.AuditStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;

final class MongoAuditStore implements AuditStore {
    private final MongoCollection<Document> log;

    MongoAuditStore(MongoDatabase database) {
        log = database.getCollection("auditLog");
    }

    void createIndexes() {
        log.createIndex(Indexes.descending("at", "_id"), new IndexOptions().name("auditLog_by_time"));
    }

    @Override
    public void append(AuditEntry e) {
        log.insertOne(new Document("_id", e.id())
                .append("at", Docs.date(e.at()))
                .append("via", e.via())
                .append("actorId", e.actorId())
                .append("actorName", e.actorName())
                .append("action", e.action())
                .append("targetType", e.targetType())
                .append("targetId", e.targetId())
                .append("targetName", e.targetName()));
    }

    @Override
    public List<AuditEntry> page(Instant beforeAt, String beforeId, int limit) {
        Bson filter = beforeAt == null
                ? new Document()
                : Filters.or(
                        Filters.lt("at", Docs.date(beforeAt)),
                        Filters.and(Filters.eq("at", Docs.date(beforeAt)), Filters.lt("_id", beforeId)));
        return log.find(filter)
                .sort(Sorts.descending("at", "_id"))
                .limit(limit)
                .map(MongoAuditStore::map)
                .into(new ArrayList<>());
    }

    private static AuditEntry map(Document d) {
        return new AuditEntry(
                d.getString("_id"),
                Docs.instant(d, "at"),
                d.getString("via"),
                d.getString("actorId"),
                d.getString("actorName"),
                d.getString("action"),
                d.getString("targetType"),
                d.getString("targetId"),
                d.getString("targetName"));
    }
}
