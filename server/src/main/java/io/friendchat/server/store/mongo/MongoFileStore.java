package io.friendchat.server.store.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;

import com.mongodb.MongoException;
import com.mongodb.MongoGridFSException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.model.GridFSFile;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.friendchat.server.file.FileStore;
import io.friendchat.server.file.StoredFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.BsonString;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Files with MongoDB: the records in {@code files}, the bytes in the GridFS bucket {@code
 * uploads} (collections {@code uploads.files} and {@code uploads.chunks}) under the file's id,
 * and a thumbnail under the id plus {@code .thumb}; so every node of a cluster serves every file.
 */
final class MongoFileStore implements FileStore {
    private static final String THUMB = ".thumb";
    /** Ids looked up in one query by the sweep for bytes without a record. */
    private static final int LOOKUP_BATCH = 500;

    private final MongoCollection<Document> records;
    private final GridFSBucket bucket;

    MongoFileStore(MongoDatabase database) {
        this.records = database.getCollection("files");
        this.bucket = GridFSBuckets.create(database, "uploads");
    }

    void createIndexes() {
        records.createIndex(
                Indexes.ascending("messageId"),
                new IndexOptions().name("files_by_message").partialFilterExpression(exists("messageId")));
        records.createIndex(Indexes.ascending("roomId"), new IndexOptions().name("files_by_room"));
    }

    @Override
    public void create(StoredFile f, Path content, byte[] thumbnail) {
        try (InputStream in = Files.newInputStream(content)) {
            bucket.uploadFromStream(new BsonString(f.id()), f.name(), in);
            if (thumbnail != null) {
                bucket.uploadFromStream(
                        new BsonString(f.id() + THUMB), "thumbnail.png", new java.io.ByteArrayInputStream(thumbnail));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading an upload failed", e);
        }
        Document d = new Document("_id", f.id())
                .append("roomId", f.roomId())
                .append("uploaderId", f.uploaderId())
                .append("name", f.name())
                .append("mediaType", f.mediaType())
                .append("size", f.size())
                .append("image", f.image())
                .append("width", f.width())
                .append("height", f.height())
                .append("createdAt", Docs.date(f.createdAt()));
        records.insertOne(d);
    }

    @Override
    public Optional<StoredFile> find(String id) {
        return Optional.ofNullable(records.find(eq("_id", id)).first()).map(MongoFileStore::map);
    }

    @Override
    public Optional<InputStream> open(String id) {
        return openGridFs(id);
    }

    @Override
    public Optional<InputStream> openThumbnail(String id) {
        return openGridFs(id + THUMB);
    }

    private Optional<InputStream> openGridFs(String name) {
        try {
            return Optional.of(bucket.openDownloadStream(new BsonString(name)));
        } catch (MongoGridFSException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean attach(String id, String expected, String messageId) {
        return records.updateOne(
                                and(
                                        eq("_id", id),
                                        expected == null ? exists("messageId", false) : eq("messageId", expected)),
                                Updates.set("messageId", messageId))
                        .getModifiedCount()
                > 0;
    }

    @Override
    public List<StoredFile> findByMessages(Collection<String> messageIds) {
        if (messageIds.isEmpty()) {
            return List.of();
        }
        List<StoredFile> out = new ArrayList<>();
        for (Document d : records.find(in("messageId", messageIds))) {
            out.add(map(d));
        }
        return out;
    }

    @Override
    public List<StoredFile> attached(String afterId, int limit) {
        Bson filter = afterId == null ? exists("messageId") : and(exists("messageId"), gt("_id", afterId));
        List<StoredFile> out = new ArrayList<>();
        for (Document d : records.find(filter).sort(Sorts.ascending("_id")).limit(limit)) {
            out.add(map(d));
        }
        return out;
    }

    @Override
    public boolean delete(String id) {
        boolean existed = records.deleteOne(eq("_id", id)).getDeletedCount() > 0;
        deleteBytes(id);
        return existed;
    }

    private void deleteBytes(String id) {
        for (String name : new String[] {id, id + THUMB}) {
            try {
                bucket.delete(new BsonString(name));
            } catch (MongoGridFSException e) {
                // no such bytes (no thumbnail, or deleted already)
            }
        }
    }

    @Override
    public int deleteByRoom(String roomId) {
        List<String> ids = new ArrayList<>();
        for (Document d : records.find(eq("roomId", roomId)).projection(Projections.include("_id"))) {
            ids.add(d.getString("_id"));
        }
        List<String> gone = new ArrayList<>();
        MongoException failed = null;
        for (String id : ids) {
            try {
                deleteBytes(id);
                gone.add(id);
            } catch (MongoException e) {
                failed = e; // its record stays, so that a later call tries again
            }
        }
        if (!gone.isEmpty()) {
            records.deleteMany(in("_id", gone));
        }
        if (failed != null) {
            throw failed;
        }
        return gone.size();
    }

    @Override
    public int deleteBytesWithoutRecord(Instant writtenBefore) {
        int deleted = 0;
        Map<String, String> batch = new HashMap<>(); // a GridFS file's name, and the id it belongs to
        for (GridFSFile f : bucket.find(lt("uploadDate", Date.from(writtenBefore)))) {
            String name = f.getId().asString().getValue();
            batch.put(name, name.endsWith(THUMB) ? name.substring(0, name.length() - THUMB.length()) : name);
            if (batch.size() == LOOKUP_BATCH) {
                deleted += deleteUnrecorded(batch);
            }
        }
        return deleted + deleteUnrecorded(batch);
    }

    /** Deletes the GridFS files of {@code batch} whose id has no record, then empties it; returns how many. */
    private int deleteUnrecorded(Map<String, String> batch) {
        Set<String> unrecorded = new HashSet<>(batch.values());
        if (!unrecorded.isEmpty()) {
            for (Document d : records.find(in("_id", unrecorded)).projection(Projections.include("_id"))) {
                unrecorded.remove(d.getString("_id"));
            }
        }
        int deleted = 0;
        for (Map.Entry<String, String> e : batch.entrySet()) {
            if (unrecorded.contains(e.getValue())) {
                try {
                    bucket.delete(new BsonString(e.getKey()));
                    deleted++;
                } catch (MongoGridFSException gone) {
                    // deleted meanwhile
                }
            }
        }
        batch.clear();
        return deleted;
    }

    @Override
    public Set<String> roomIds() {
        return records.distinct("roomId", String.class).into(new HashSet<>());
    }

    private static StoredFile map(Document d) {
        return new StoredFile(
                d.getString("_id"),
                d.getString("roomId"),
                d.getString("uploaderId"),
                d.getString("name"),
                d.getString("mediaType"),
                ((Number) d.get("size")).longValue(),
                d.getBoolean("image", false),
                ((Number) d.get("width")).intValue(),
                ((Number) d.get("height")).intValue(),
                Docs.instant(d, "createdAt"),
                d.getString("messageId"));
    }
}
