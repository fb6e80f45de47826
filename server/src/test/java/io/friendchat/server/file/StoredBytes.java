package io.friendchat.server.file;

import static com.mongodb.client.model.Filters.in;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.friendchat.server.store.sqlite.SqliteDataStore;
import io.friendchat.server.testing.Backend;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
