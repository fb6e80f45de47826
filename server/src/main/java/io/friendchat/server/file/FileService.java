package io.friendchat.server.file;

import io.friendchat.server.common.Ids;
import io.friendchat.server.common.InvalidException;
import io.friendchat.server.common.NotFoundException;
import io.friendchat.server.common.TooLargeException;
import io.friendchat.server.message.Attachments;
import io.friendchat.server.message.Message;
import io.friendchat.server.message.MessageStore;
import io.friendchat.server.room.Memberships;
import io.friendchat.server.room.Room;
import io.friendchat.server.room.RoomStore;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads and downloads, for members of the file's room only. An upload is streamed to a
 * temporary file and counted as it comes, so one over the limit is refused as soon as it
 * passes it, never held whole. Its type comes from its first bytes; a PNG, JPEG or GIF that
 * decodes gets a thumbnail and is an image; everything else is a file to download.
 */
public final class FileService implements Attachments {
    private static final Logger log = LoggerFactory.getLogger(FileService.class);
    /**
     * An upload's temporary file untouched for this long was left by a process that died
     * mid-upload: a live one is written to as its bytes arrive, and Jetty's idle timeout ends a
     * stalled one long before.
     */
    static final Duration LEFT_BEHIND_AFTER = Duration.ofHours(1);

    private static final String TEMP_PREFIX = "upload-";
    private static final String TEMP_SUFFIX = ".part";
    /** Files read in one page by the sweep for files of deleted messages. */
    private static final int FILES_PER_PAGE = 500;

    /** Rooms looked up in one query by the sweep for files whose room is gone. */
    private static final int ROOMS_PER_LOOKUP = 500;

    static final int THUMBNAIL_PX = 320;
    /** Larger images are not decoded (a small file can declare a huge canvas): they download. */
    static final long MAX_IMAGE_PIXELS = 40_000_000;

    static final int MAX_NAME = 200;

    private final FileStore files;
    private final MessageStore messages;
    private final Memberships memberships;
    private final long maxBytes;
    private final Path tempDir;
    private final Clock clock;

    public FileService(
            FileStore files, MessageStore messages, Memberships memberships, long maxBytes, Path tempDir, Clock clock) {
        this.files = files;
        this.messages = messages;
        this.memberships = memberships;
        this.maxBytes = maxBytes;
        this.tempDir = tempDir;
        this.clock = clock;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** A file to send: its record and its bytes (the caller closes them). */
    public record Download(StoredFile file, InputStream content) {}

    /**
     * Stores an upload to {@code roomId} from {@code body}. {@code declaredLength} is the
     * request's Content-Length, or -1 when it has none: over the limit, nothing is read at all.
     */
    public StoredFile upload(String userId, String roomId, String name, long declaredLength, InputStream body) {
        memberships.requireMember(roomId, userId);
        String safeName = sanitizedName(name);
        if (declaredLength > maxBytes) {
            throw new TooLargeException(maxBytes);
        }
        Path temp = null;
        try {
            Files.createDirectories(tempDir);
            temp = Files.createTempFile(tempDir, TEMP_PREFIX, TEMP_SUFFIX);
            long size = copyAtMost(body, temp);
            if (size == 0) {
                throw new InvalidException("empty_file", "The file is empty.");
            }
            byte[] head = new byte[ContentType.SNIFF_BYTES];
            int headLength;
            try (InputStream in = Files.newInputStream(temp)) {
                headLength = in.readNBytes(head, 0, head.length);
            }
            ContentType type = ContentType.detect(head, headLength);
            Thumbnail thumbnail = type.imageFormat ? thumbnail(temp) : null;
            StoredFile file = new StoredFile(
                    Ids.newId(),
                    roomId,
                    userId,
                    safeName,
                    type.mediaType,
                    size,
                    thumbnail != null,
                    thumbnail == null ? 0 : thumbnail.width,
                    thumbnail == null ? 0 : thumbnail.height,
                    clock.instant(),
                    null);
            files.create(file, temp, thumbnail == null ? null : thumbnail.png);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("storing an upload failed", e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    // Left in tmp/ until the next start sweeps it; it has no record and is never served.
                }
            }
        }
    }

    /** The file and its bytes, for a member of its room; 404 for anyone else, as for a missing one. */
    public Download download(String userId, String fileId) {
        StoredFile file = visible(userId, fileId);
        return new Download(file, files.open(fileId).orElseThrow(FileService::notFound));
    }

    /** The thumbnail of an image, for a member of its room. */
    public Download thumbnail(String userId, String fileId) {
        StoredFile file = visible(userId, fileId);
        return new Download(file, files.openThumbnail(fileId).orElseThrow(FileService::notFound));
    }

    /** The file's record, for a member of its room. */
    public StoredFile describe(String userId, String fileId) {
        return visible(userId, fileId);
    }

    /** A deleted message takes its file with it. Never throws: the message is deleted already. */
    public void messageDeleted(String messageId) {
        try {
            files.findByMessages(List.of(messageId)).forEach(f -> files.delete(f.id()));
        } catch (RuntimeException e) {
            log.warn("deleting the file of deleted message {} failed", messageId, e);
        }
    }

    /**
     * A deleted room takes its files with it. Never throws: the room is gone already, and files
     * whose bytes could not be deleted keep their records, which the sweep at the next start
     * ({@link #deleteFilesOfDeletedRooms}) deletes.
     */
    public void roomDeleted(String roomId) {
        try {
            files.deleteByRoom(roomId);
        } catch (RuntimeException e) {
            log.warn("deleting the files of deleted room {} failed; the next start tries again", roomId, e);
        }
    }

    /**
     * Deletes the files of rooms that no longer exist: left by a crash between deleting a room and
     * deleting its files, by bytes that could not be deleted then, or by an upload that was stored
     * while its room was being deleted.
     *
     * @return how many files were deleted
     */
    public int deleteFilesOfDeletedRooms(RoomStore rooms) {
        List<String> withFiles = new ArrayList<>(files.roomIds());
        int deleted = 0;
        for (int from = 0; from < withFiles.size(); from += ROOMS_PER_LOOKUP) {
            List<String> batch = withFiles.subList(from, Math.min(withFiles.size(), from + ROOMS_PER_LOOKUP));
            Set<String> gone = new HashSet<>(batch);
            rooms.findByIds(batch).stream().map(Room::id).forEach(gone::remove);
            for (String roomId : gone) {
                try {
                    deleted += files.deleteByRoom(roomId);
                } catch (RuntimeException e) {
                    log.warn("deleting the files of deleted room {} failed again", roomId, e);
                }
            }
        }
        return deleted;
    }

    /**
     * Deletes the files of messages that are deleted: left by a process that died, or stopped,
     * between deleting a message and deleting its file, or by bytes that could not be deleted
     * then. Only a message that exists and is deleted lets its file go: a file attached to a
     * message that another node is still storing stays.
     *
     * @return how many files were deleted
     */
    public int deleteFilesOfDeletedMessages(MessageStore messages) {
        int deleted = 0;
        String after = null;
        for (List<StoredFile> page = files.attached(null, FILES_PER_PAGE);
                !page.isEmpty();
                page = files.attached(after, FILES_PER_PAGE)) {
            after = page.get(page.size() - 1).id();
            Map<String, List<StoredFile>> byRoom = page.stream().collect(Collectors.groupingBy(StoredFile::roomId));
            for (Map.Entry<String, List<StoredFile>> room : byRoom.entrySet()) {
                Set<String> gone = new HashSet<>();
                List<String> messageIds =
                        room.getValue().stream().map(StoredFile::messageId).toList();
                messages.findByIds(room.getKey(), messageIds).stream()
                        .filter(Message::deleted)
                        .map(Message::id)
                        .forEach(gone::add);
                for (StoredFile f : room.getValue()) {
                    if (gone.contains(f.messageId()) && deleteQuietly(f)) {
                        deleted++;
                    }
                }
            }
        }
        return deleted;
    }

    private boolean deleteQuietly(StoredFile f) {
        try {
            return files.delete(f.id());
        } catch (RuntimeException e) {
            log.warn("deleting file {} of deleted message {} failed again", f.id(), f.messageId(), e);
            return false;
        }
    }

    /**
     * Deletes the bytes of uploads whose record was never written (a process died in between, or
     * the record's write failed), once they are {@link #LEFT_BEHIND_AFTER} old: a recent one may
     * belong to another node's upload in progress.
     *
     * @return how many stored objects (bytes or thumbnails) were deleted
     */
    public int deleteBytesWithoutRecord() {
        return files.deleteBytesWithoutRecord(clock.instant().minus(LEFT_BEHIND_AFTER));
    }

    /**
     * Deletes the temporary files of uploads that a process which died mid-upload left behind
     * (untouched for {@link #LEFT_BEHIND_AFTER}); a recent one may be another node's upload in a
     * shared data dir, and stays.
     *
     * @return how many were deleted
     */
    public int deleteUploadsLeftBehind() {
        if (!Files.isDirectory(tempDir)) {
            return 0;
        }
        FileTime before = FileTime.from(clock.instant().minus(LEFT_BEHIND_AFTER));
        int deleted = 0;
        try (Stream<Path> entries = Files.list(tempDir)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(TEMP_PREFIX) && name.endsWith(TEMP_SUFFIX) && leftBehind(p, before)) {
                    deleted++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("sweeping " + tempDir + " failed", e);
        }
        return deleted;
    }

    /** Deletes {@code p} if it is a file untouched since {@code before}; true when it did. */
    private static boolean leftBehind(Path p, FileTime before) {
        try {
            return Files.isRegularFile(p)
                    && Files.getLastModifiedTime(p).compareTo(before) < 0
                    && Files.deleteIfExists(p);
        } catch (IOException e) {
            log.warn("deleting the upload left behind in {} failed", p, e);
            return false;
        }
    }

    @Override
    public Object attach(String userId, String roomId, String fileId, String messageId, String clientId) {
        StoredFile file = Ids.isWellFormed(fileId) ? files.find(fileId).orElse(null) : null;
        if (file == null || !file.roomId().equals(roomId) || !file.uploaderId().equals(userId)) {
            throw invalidAttachment();
        }
        String carrier = file.messageId();
        if (carrier != null) {
            Optional<Message> carried = messages.find(roomId, carrier);
            if (carried.isPresent()) {
                if (userId.equals(carried.get().authorId())
                        && clientId.equals(carried.get().clientId())) {
                    return FileRoutes.FileView.of(file); // a retry: the send stores nothing new either
                }
                throw invalidAttachment();
            }
            // The message that claimed it was never stored (its write failed): claim it again.
        }
        if (!files.attach(fileId, carrier, messageId)) {
            throw invalidAttachment(); // another send claimed it just now
        }
        return FileRoutes.FileView.of(file.withMessage(messageId));
    }

    @Override
    public Map<String, Object> of(Collection<String> messageIds) {
        Map<String, Object> out = new HashMap<>();
        for (StoredFile f : files.findByMessages(messageIds)) {
            out.put(f.messageId(), FileRoutes.FileView.of(f));
        }
        return out;
    }

    private static InvalidException invalidAttachment() {
        return new InvalidException(
                "invalid_attachment", "Attach a file you uploaded to this room that no other message carries.");
    }

    private StoredFile visible(String userId, String fileId) {
        if (!Ids.isWellFormed(fileId)) {
            throw notFound();
        }
        StoredFile file = files.find(fileId).orElseThrow(FileService::notFound);
        if (!memberships.isMember(file.roomId(), userId)) {
            throw notFound();
        }
        return file;
    }

    private static NotFoundException notFound() {
        return new NotFoundException("file_not_found", "No such file, or it is not in one of your rooms.");
    }

    /**
     * The name a file downloads as. A name that tries to leave its folder (a slash, a backslash,
     * "." or "..") is refused outright; control and format characters are dropped; what is left
     * is cut to {@value #MAX_NAME} characters. The name never becomes a path on disk anyway.
     */
    static String sanitizedName(String name) {
        if (name == null || name.isBlank()) {
            return "file";
        }
        String trimmed = name.strip();
        if (trimmed.contains("/")
                || trimmed.contains("\\")
                || trimmed.equals(".")
                || trimmed.equals("..")
                || trimmed.contains("\0")) {
            throw new InvalidException("invalid_file_name", "A file name cannot contain a path.");
        }
        StringBuilder out = new StringBuilder();
        trimmed.codePoints()
                .filter(cp -> !Character.isISOControl(cp) && Character.getType(cp) != Character.FORMAT)
                .forEach(out::appendCodePoint);
        String clean = out.toString().strip();
        if (clean.startsWith(".")) {
            clean = "_" + clean.substring(1);
        }
        if (clean.length() > MAX_NAME) {
            int end = MAX_NAME;
            if (Character.isHighSurrogate(clean.charAt(end - 1))) {
                end--;
            }
            clean = clean.substring(0, end);
        }
        return clean.isEmpty() ? "file" : clean;
    }

    /** Copies {@code body} into {@code target}, failing as soon as it passes the limit. */
    private long copyAtMost(InputStream body, Path target) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(target)) {
            int n;
            while ((n = body.read(buffer)) >= 0) {
                total += n;
                if (total > maxBytes) {
                    throw new TooLargeException(maxBytes);
                }
                out.write(buffer, 0, n);
            }
        }
        return total;
    }

    private record Thumbnail(byte[] png, int width, int height) {}

    /** A PNG at most {@value #THUMBNAIL_PX} px on its longer side, or null when it does not decode. */
    private static Thumbnail thumbnail(Path file) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (in == null || !readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width <= 0 || height <= 0 || (long) width * height > MAX_IMAGE_PIXELS) {
                    return null;
                }
                BufferedImage image = reader.read(0);
                double scale = Math.min(1.0, (double) THUMBNAIL_PX / Math.max(width, height));
                int w = Math.max(1, (int) Math.round(width * scale));
                int h = Math.max(1, (int) Math.round(height * scale));
                BufferedImage small = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
                java.awt.Graphics2D g = small.createGraphics();
                g.setRenderingHint(
                        java.awt.RenderingHints.KEY_INTERPOLATION,
                        java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                g.drawImage(image, 0, 0, w, h, null);
                g.dispose();
                ByteArrayOutputStream png = new ByteArrayOutputStream();
                ImageIO.write(small, "png", png);
                return new Thumbnail(png.toByteArray(), width, height);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return null; // not a decodable image: it downloads as a file
        }
    }

    /** Where the bytes of an upload wait while they arrive. */
    public static Path tempDir(Path dataDir) {
        return dataDir.resolve("tmp");
    }
}
