package io.friendchat.server.testing;

import io.friendchat.server.common.Ids;
import io.friendchat.server.file.StoredFile;
import io.friendchat.server.store.DataStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Puts a file straight into a store, as an upload would, without a server. */
public final class StoredFiles {
    private StoredFiles() {}

    /**
     * Stores a file of {@code roomId} uploaded by "alice" with these bytes and thumbnail (null:
     * none), its content staged in {@code tempDir} first.
     */
    public static StoredFile store(DataStore store, Path tempDir, String roomId, byte[] bytes, byte[] thumbnail)
            throws IOException {
        StoredFile f = new StoredFile(
                Ids.newId(),
                roomId,
                "alice",
                "notes.txt",
                "application/octet-stream",
                bytes.length,
                thumbnail != null,
                thumbnail != null ? 10 : 0,
                thumbnail != null ? 5 : 0,
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                null);
        Path temp = Files.createTempFile(tempDir, "content", ".bin");
        Files.write(temp, bytes);
        store.files().create(f, temp, thumbnail);
        return f;
    }
}
