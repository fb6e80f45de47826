package io.friendchat.server.store.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.friendchat.server.people.BlockStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

final class MongoBlockStore implements BlockStore {
    private final MongoCollection<Document> blocks;

    MongoBlockStore(MongoDatabase database) {
        blocks = database.getCollection("blocks");
    }

    void createIndexes() {
        blocks.createIndex(Indexes.ascending("userId", "blockedId"), new IndexOptions().unique(true));
    }

    @Override
    public boolean block(String userId, String blockedId, Instant at) {
        return Docs.insertUnlessDuplicate(
                blocks,
                new Document("userId", userId).append("blockedId", blockedId).append("createdAt", Docs.date(at)));
    }

    @Override
    public boolean unblock(String userId, String blockedId) {
        return blocks.deleteOne(and(eq("userId", userId), eq("blockedId", blockedId)))
                        .getDeletedCount()
                > 0;
    }

    @Override
    public boolean isBlocked(String userId, String blockedId) {
        return blocks.find(and(eq("userId", userId), eq("blockedId", blockedId)))
                        .first()
                != null;
    }

    @Override
    public List<String> listBlocked(String userId) {
        List<String> ids = new ArrayList<>();
        blocks.find(eq("userId", userId)).forEach(d -> ids.add(d.getString("blockedId")));
        return ids;
    }
}
