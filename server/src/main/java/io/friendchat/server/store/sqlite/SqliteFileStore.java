package io.friendchat.server.store.sqlite;

import static io.friendchat.server.store.sqlite.Rows.bind;

import io.friendchat.server.common.Ids;
import io.friendchat.server.file.FileStore;
import io.friendchat.server.file.StoredFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files with SQLite: the records in the {@code files} table (schema version 6, found by room since 7), the bytes as
 * plain files under {@code <data dir>/files/<first two characters of the id>/<id>} (and
 * {@code <id>.thumb} for a thumbnail). Paths are made from ids alone, checked to be ids, so no
 * user-given name ever reaches the disk.
 */
final class SqliteFileStore implements FileStore {
    private static final String COLUMNS = "SELECT id, room_id, uploader_id, name, media_type, size, image, width,"
            + " height, created_at, message_id FROM files ";

    /** Records deleted in one statement, well under SQLite's limit on parameters. */
    private static final int DELETE_BATCH = 500;

    private static final String THUMB = ".thumb";
    private static final Logger LOG = LoggerFactory.getLogger(SqliteFileStore.class);

    private final SqliteDatabase db;
    private final Path dir;

    SqliteFileStore(SqliteDatabase db, Path dir) {
        this.db = db;
        this.dir = dir;
    }

    private Path bytes(String id) {
        if (!Ids.isWellFormed(id)) {
            throw new IllegalArgumentException("not an id");
        }
        return dir.resolve(id.substring(0, 2)).resolve(id);
    }

    private Path thumbnailOf(String id) {
        return bytes(id).resolveSibling(id + THUMB);
    }

    @Override
    public void create(StoredFile f, Path content, byte[] thumbnail) {
        Path target = bytes(f.id());
        try {
            Files.createDirectories(target.getParent());
            Files.copy(content, target, StandardCopyOption.REPLACE_EXISTING);
            if (thumbnail != null) {
                Files.write(thumbnailOf(f.id()), thumbnail);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing an uploaded file failed", e);
        }
        db.write(c -> Rows.update(bind(
                c.prepareStatement("INSERT INTO files (id, room_id, uploader_id, name, media_type, size, image, width,"
                        + " height, created_at, message_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                f.id(),
                f.roomId(),
                f.uploaderId(),
                f.name(),
                f.mediaType(),
                f.size(),
                f.image() ? 1 : 0,
                f.width(),
                f.height(),
                f.createdAt(),
                f.messageId())));
    }

    @Override
    public Optional<StoredFile> find(String id) {
        return db.read(c -> Rows.first(bind(c.prepareStatement(COLUMNS + "WHERE id = ?"), id), SqliteFileStore::map));
    }

    @Override
    public Optional<InputStream> open(String id) {
        return openPath(Ids.isWellFormed(id) ? bytes(id) : null);
    }

    @Override
    public Optional<InputStream> openThumbnail(String id) {
        return openPath(Ids.isWellFormed(id) ? thumbnailOf(id) : null);
    }

    private static Optional<InputStream> openPath(Path path) {
        if (path == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.newInputStream(path));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean attach(String id, String expected, String messageId) {
        return db.write(c -> Rows.update(bind(
                        c.prepareStatement("UPDATE files SET message_id = ? WHERE id = ? AND message_id IS ?"),
                        messageId,
                        id,
                        expected)))
                > 0;
    }

    @Override
    public List<StoredFile> findByMessages(Collection<String> messageIds) {
        if (messageIds.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", Collections.nCopies(messageIds.size(), "?"));
        return db.read(c -> Rows.list(
                bind(c.prepareStatement(COLUMNS + "WHERE message_id IN (" + marks + ")"), messageIds.toArray()),
                SqliteFileStore::map));
    }

    @Override
    public List<StoredFile> attached(String afterId, int limit) {
        return db.read(c -> Rows.list(
                bind(
                        c.prepareStatement(COLUMNS + "WHERE message_id IS NOT NULL AND id > ? ORDER BY id LIMIT ?"),
                        afterId == null ? "" : afterId,
                        limit),
                SqliteFileStore::map));
    }

    @Override
    public boolean delete(String id) {
        boolean existed =
                db.write(c -> Rows.update(bind(c.prepareStatement("DELETE FROM files WHERE id = ?"), id))) > 0;
        if (existed) {
            try {
                Files.deleteIfExists(bytes(id));
                Files.deleteIfExists(thumbnailOf(id));
            } catch (IOException e) {
                throw new UncheckedIOException("deleting a file's bytes failed", e);
            }
        }
        return existed;
    }

    @Override
    public int deleteByRoom(String roomId) {
        List<String> ids = db.read(c -> Rows.list(
                bind(c.prepareStatement("SELECT id FROM files WHERE room_id = ?"), roomId), rs -> rs.getString("id")));
        List<String> gone = new ArrayList<>();
        IOException failed = null;
        for (String id : ids) {
            try {
                Files.deleteIfExists(bytes(id));
                Files.deleteIfExists(thumbnailOf(id));
                gone.add(id);
            } catch (IOException e) {
                failed = e; // its record stays, so that a later call tries again
            }
        }
        for (int from = 0; from < gone.size(); from += DELETE_BATCH) {
            List<String> batch = gone.subList(from, Math.min(gone.size(), from + DELETE_BATCH));
            String marks = String.join(", ", Collections.nCopies(batch.size(), "?"));
            db.write(c -> Rows.update(
                    bind(c.prepareStatement("DELETE FROM files WHERE id IN (" + marks + ")"), batch.toArray())));
        }
        if (failed != null) {
            throw new UncheckedIOException(
                    "deleting the bytes of " + (ids.size() - gone.size()) + " files of room " + roomId + " failed",
                    failed);
        }
        return gone.size();
    }

    @Override
    public int deleteBytesWithoutRecord(Instant writtenBefore) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int deleted = 0;
        Map<Path, String> batch = new HashMap<>(); // a stored file, and the id it belongs to
        try (Stream<Path> paths = Files.walk(dir, 2)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                String name = p.getFileName().toString();
                String id = name.endsWith(THUMB) ? name.substring(0, name.length() - THUMB.length()) : name;
                if (Ids.isWellFormed(id)
                        && Files.isRegularFile(p)
                        && Files.getLastModifiedTime(p).toInstant().isBefore(writtenBefore)) {
                    batch.put(p, id);
                }
                if (batch.size() == DELETE_BATCH) {
                    deleted += deleteUnrecorded(batch);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + dir + " failed", e);
        }
        return deleted + deleteUnrecorded(batch);
    }

    /** Deletes the files of {@code batch} whose id has no record, then empties it; returns how many. */
    private int deleteUnrecorded(Map<Path, String> batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        List<String> ids = List.copyOf(new HashSet<>(batch.values()));
        String marks = String.join(", ", Collections.nCopies(ids.size(), "?"));
        Set<String> recorded = new HashSet<>(db.read(c -> Rows.list(
                bind(c.prepareStatement("SELECT id FROM files WHERE id IN (" + marks + ")"), ids.toArray()),
                rs -> rs.getString("id"))));
        int deleted = 0;
        for (Map.Entry<Path, String> e : batch.entrySet()) {
            if (!recorded.contains(e.getValue()) && deleteQuietly(e.getKey())) {
                deleted++;
            }
        }
        batch.clear();
        return deleted;
    }

    private static boolean deleteQuietly(Path p) {
        try {
            return Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("deleting {} failed", p, e);
            return false;
        }
    }

    @Override
    public Set<String> roomIds() {
        return new HashSet<>(db.read(c ->
                Rows.list(c.prepareStatement("SELECT DISTINCT room_id FROM files"), rs -> rs.getString("room_id"))));
    }

    private static StoredFile map(ResultSet rs) throws SQLException {
        return new StoredFile(
                rs.getString("id"),
                rs.getString("room_id"),
                rs.getString("uploader_id"),
                rs.getString("name"),
                rs.getString("media_type"),
                rs.getLong("size"),
                rs.getInt("image") == 1,
                rs.getInt("width"),
                rs.getInt("height"),
                Rows.instant(rs, "created_at"),
                rs.getString("message_id"));
    }
}
