package io.friendchat.server.file;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Updates.set;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.friendchat.server.store.sqlite.SqliteDataStore;
import io.friendchat.server.testing.Backend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Looks past the API at where a file's bytes live: the files under the data dir with SQLite, the
 * GridFS bucket {@code uploads} with MongoDB.
 */
final class StoredBytes {
    private StoredBytes() {}

    /** Whether any bytes of the file, or of its thumbnail, are still stored. */
    static boolean exist(Backend.Target target, String fileId) {
        List<String> names = List.of(fileId, fileId + ".thumb");
        if (target.mongoUri() == null) {
            Path dir = target.dataDir().resolve(SqliteDataStore.FILES_DIR).resolve(fileId.substring(0, 2));
            return names.stream().anyMatch(name -> Files.exists(dir.resolve(name)));
        }
        try (MongoClient client = MongoClients.create(target.mongoUri())) {
            MongoDatabase db = client.getDatabase(new ConnectionString(target.mongoUri()).getDatabase());
            return db.getCollection("uploads.files").countDocuments(in("_id", names)) > 0
                    || db.getCollection("uploads.chunks").countDocuments(in("files_id", names)) > 0;
        }
    }

    /**
     * Makes the file look as a process that died after storing its bytes, and before storing its
     * record, left it: the record is removed, and the bytes dated {@code writtenAt}. The store must
     * be closed.
     */
    static void loseRecord(Backend.Target target, String fileId, Instant writtenAt) throws Exception {
        List<String> names = List.of(fileId, fileId + ".thumb");
        if (target.mongoUri() == null) {
            Path data = target.dataDir();
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(SqliteDataStore.FILE_NAME));
                    PreparedStatement delete = c.prepareStatement("DELETE FROM files WHERE id = ?")) {
                delete.setString(1, fileId);
                assertEquals(1, delete.executeUpdate());
            }
            Path dir = data.resolve(SqliteDataStore.FILES_DIR).resolve(fileId.substring(0, 2));
            for (String name : names) {
                if (Files.exists(dir.resolve(name))) {
                    Files.setLastModifiedTime(dir.resolve(name), FileTime.from(writtenAt));
                }
            }
            return;
        }
        try (MongoClient client = MongoClients.create(target.mongoUri())) {
            MongoDatabase db = client.getDatabase(new ConnectionString(target.mongoUri()).getDatabase());
            assertEquals(
                    1, db.getCollection("files").deleteOne(eq("_id", fileId)).getDeletedCount());
            db.getCollection("uploads.files").updateMany(in("_id", names), set("uploadDate", Date.from(writtenAt)));
        }
    }
}
