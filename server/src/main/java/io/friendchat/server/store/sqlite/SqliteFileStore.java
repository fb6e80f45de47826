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
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Files with SQLite: the records in the {@code files} table (schema version 5), the bytes as
 * plain files under {@code <data dir>/files/<first two characters of the id>/<id>} (and
 * {@code <id>.thumb} for a thumbnail). Paths are made from ids alone, checked to be ids, so no
 * user-given name ever reaches the disk.
 */
final class SqliteFileStore implements FileStore {
    private static final String COLUMNS = "SELECT id, room_id, uploader_id, name, media_type, size, image, width,"
            + " height, created_at, message_id FROM files ";

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
        return bytes(id).resolveSibling(id + ".thumb");
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
