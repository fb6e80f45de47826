package io.friendchat.server.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.friendchat.server.common.Ids;
import io.friendchat.server.message.Message;
import io.friendchat.server.message.NewMessage;
import io.friendchat.server.room.Room;
import io.friendchat.server.store.DataStore;
import io.friendchat.server.testing.Backend;
import io.friendchat.server.testing.StoredFiles;
import io.friendchat.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a process that died part-way leaves behind is deleted when the next one starts: the files
 * of a room it deleted before it could delete them, and the temporary files of uploads it was
 * receiving. Nothing that is still in use goes with them.
 */
class LeftoversAtStartTest {
    @TempDir
    Path dataDir;

    private static Room room(String name) {
        Instant now = Instant.now();
        return new Room(Ids.newId(), name, "", "alice", now, now);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void files_of_a_room_deleted_before_a_crash_are_deleted_at_the_next_start(Backend backend) throws Exception {
        Backend.Target target = backend.newTarget(dataDir);
        StoredFile orphan;
        StoredFile kept;
        try (DataStore store = target.open()) {
            Room deleted = room("Gone");
            Room alive = room("Alive");
            store.rooms().create(deleted);
            store.rooms().create(alive);
            orphan = StoredFiles.store(store, dataDir, deleted.id(), new byte[] {1, 2, 3}, new byte[] {4});
            kept = StoredFiles.store(store, dataDir, alive.id(), new byte[] {5}, null);
            // The process deleted the room, then died before it deleted the room's files.
            assertTrue(store.rooms().delete(deleted.id()));
        }
        assertTrue(StoredBytes.exist(target, orphan.id()));

        try (TestServer server = TestServer.start(target.env())) {
            server.server().leftoversDeleted().get(10, TimeUnit.SECONDS);
            FileStore files = server.server().store().files();
            assertTrue(files.find(orphan.id()).isEmpty());
            assertFalse(StoredBytes.exist(target, orphan.id()));
            assertEquals(kept, files.find(kept.id()).orElseThrow());
            assertTrue(StoredBytes.exist(target, kept.id()));
            assertEquals(Set.of(kept.roomId()), files.roomIds());
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void files_of_messages_deleted_before_a_stop_are_deleted_at_the_next_start(Backend backend) throws Exception {
        Backend.Target target = backend.newTarget(dataDir);
        StoredFile orphan;
        StoredFile ofLiveMessage;
        StoredFile ofUnstoredMessage;
        StoredFile notSent;
        try (DataStore store = target.open()) {
            Room room = created(store, "Files");
            Message deleted = send(store, room, "the file is attached here");
            Message live = send(store, room, "and here");
            orphan = attach(
                    store, StoredFiles.store(store, dataDir, room.id(), new byte[] {1}, new byte[] {2}), deleted);
            ofLiveMessage = attach(store, StoredFiles.store(store, dataDir, room.id(), new byte[] {3}, null), live);
            // Attached before its message is stored, as a send on another node may be right now.
            ofUnstoredMessage = StoredFiles.store(store, dataDir, room.id(), new byte[] {4}, null);
            assertTrue(store.files().attach(ofUnstoredMessage.id(), null, Ids.newId()));
            notSent = StoredFiles.store(store, dataDir, room.id(), new byte[] {5}, null);
            // The process deleted the message, then stopped before it deleted the message's file.
            store.messages().change(room.id(), deleted.id(), m -> m.withDeletion(Instant.now()));
        }

        try (TestServer server = TestServer.start(target.env())) {
            server.server().leftoversDeleted().get(10, TimeUnit.SECONDS);
            FileStore files = server.server().store().files();
            assertTrue(files.find(orphan.id()).isEmpty());
            assertFalse(StoredBytes.exist(target, orphan.id()));
            for (StoredFile kept : List.of(ofLiveMessage, ofUnstoredMessage, notSent)) {
                assertTrue(files.find(kept.id()).isPresent(), kept.toString());
                assertTrue(StoredBytes.exist(target, kept.id()), kept.toString());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void bytes_whose_record_was_never_written_are_deleted_at_start_once_an_hour_old(Backend backend) throws Exception {
        Backend.Target target = backend.newTarget(dataDir);
        StoredFile old;
        StoredFile recent;
        StoredFile kept;
        try (DataStore store = target.open()) {
            Room room = created(store, "Uploads");
            old = StoredFiles.store(store, dataDir, room.id(), new byte[] {1}, new byte[] {2});
            recent = StoredFiles.store(store, dataDir, room.id(), new byte[] {3}, null);
            kept = StoredFiles.store(store, dataDir, room.id(), new byte[] {4}, null);
        }
        // Their processes died after storing the bytes and before storing the record.
        StoredBytes.loseRecord(target, old.id(), Instant.now().minus(Duration.ofHours(2)));
        // Maybe another node's upload, still in progress.
        StoredBytes.loseRecord(target, recent.id(), Instant.now().minus(Duration.ofMinutes(50)));

        try (TestServer server = TestServer.start(target.env())) {
            server.server().leftoversDeleted().get(10, TimeUnit.SECONDS);
            assertFalse(StoredBytes.exist(target, old.id()));
            assertTrue(StoredBytes.exist(target, recent.id()));
            assertTrue(StoredBytes.exist(target, kept.id()));
            assertEquals(kept, server.server().store().files().find(kept.id()).orElseThrow());
        }
    }

    private static Room created(DataStore store, String name) {
        Room room = room(name);
        store.rooms().create(room);
        return room;
    }

    private static Message send(DataStore store, Room room, String text) {
        return store.messages()
                .append(new NewMessage(
                        Ids.newId(),
                        room.id(),
                        "alice",
                        Ids.newId(),
                        Message.Kind.TEXT,
                        text,
                        Instant.now(),
                        null,
                        List.of()))
                .message();
    }

    private static StoredFile attach(DataStore store, StoredFile file, Message message) {
        assertTrue(store.files().attach(file.id(), null, message.id()));
        return file.withMessage(message.id());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void uploads_left_behind_for_an_hour_are_deleted_at_start_and_recent_ones_stay(Backend backend) throws Exception {
        Path tmp = FileService.tempDir(dataDir);
        Files.createDirectories(tmp);
        Path stale = Files.write(tmp.resolve("upload-1234.part"), new byte[] {1});
        Path recent = Files.write(tmp.resolve("upload-5678.part"), new byte[] {2});
        Path notAnUpload = Files.write(tmp.resolve("notes.txt"), new byte[] {3});
        FileTime twoHoursAgo = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
        Files.setLastModifiedTime(stale, twoHoursAgo);
        Files.setLastModifiedTime(notAnUpload, twoHoursAgo);
        Files.setLastModifiedTime(recent, FileTime.from(Instant.now().minus(Duration.ofMinutes(50))));

        try (TestServer server = TestServer.start(backend.newTarget(dataDir).env())) {
            server.server().leftoversDeleted().get(10, TimeUnit.SECONDS);
            assertFalse(Files.exists(stale));
            assertTrue(Files.exists(recent));
            assertTrue(Files.exists(notAnUpload));
        }
    }
}
