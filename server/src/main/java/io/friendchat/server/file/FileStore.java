package io.friendchat.server.file;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Uploaded files: their record and their bytes (and an image's thumbnail), stored by the
 * backend itself, so that every node of a cluster serves every file.
 */
public interface FileStore {
    /**
     * Stores the record, the bytes read from {@code content} (the caller's temporary file, which
     * it deletes afterwards) and the thumbnail when there is one (else null). The bytes are
     * stored before the record: a crash in between leaves bytes nobody can name, never a record
     * without its bytes.
     */
    void create(StoredFile file, Path content, byte[] thumbnail);

    Optional<StoredFile> find(String id);

    /** The file's bytes; empty when there is no such file. The caller closes the stream. */
    Optional<InputStream> open(String id);

    /** The thumbnail's bytes (a PNG); empty when there is none. The caller closes the stream. */
    Optional<InputStream> openThumbnail(String id);

    /**
     * Records that {@code messageId} carries the file, if the message that carries it now is
     * {@code expected} (null: none), as one conditional write.
     *
     * @return true when this call attached it
     */
    boolean attach(String id, String expected, String messageId);

    /** The files carried by these messages (at most one each), in no particular order. */
    List<StoredFile> findByMessages(Collection<String> messageIds);

    /**
     * Up to {@code limit} files that a message carries, in id order, after {@code afterId} (null:
     * from the first): a sweep pages through them.
     */
    List<StoredFile> attached(String afterId, int limit);

    /** Deletes the record and the bytes; false when there was no such file. */
    boolean delete(String id);

    /**
     * Deletes every file of the room: of each, the bytes (and thumbnail) first, then the record.
     * A crash part-way, or bytes that cannot be deleted, so leave a record behind, never bytes
     * nobody can name: calling this again finishes the job. A file whose bytes could not be
     * deleted keeps its record; the others are deleted all the same, then this throws.
     *
     * @return how many files were deleted
     */
    int deleteByRoom(String roomId);

    /**
     * Deletes stored bytes (files and thumbnails) that no record names and that were written
     * before {@code writtenBefore}: left by a process that died between storing a file's bytes
     * and its record. Newer ones stay, since they may belong to an upload still in progress.
     *
     * @return how many stored objects (bytes or thumbnails) were deleted
     */
    int deleteBytesWithoutRecord(Instant writtenBefore);

    /** The ids of the rooms that have at least one file, each once, from an index. */
    Set<String> roomIds();
}
