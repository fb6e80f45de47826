package io.friendchat.server.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.friendchat.server.common.Ids;
import io.friendchat.server.file.StoredFile;
import io.friendchat.server.testing.Backend;
import io.friendchat.server.testing.StoredFiles;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

public abstract class FileStoreContract extends StoreContract {
    protected FileStoreContract(Backend backend) {
        super(backend);
    }

    private StoredFile stored(byte[] bytes, byte[] thumbnail) throws Exception {
        return stored("r1", bytes, thumbnail);
    }

    private StoredFile stored(String roomId, byte[] bytes, byte[] thumbnail) throws Exception {
        return StoredFiles.store(store, tempDir, roomId, bytes, thumbnail);
    }

    private static byte[] read(InputStream in) throws Exception {
        try (in) {
            return in.readAllBytes();
        }
    }

    @Test
    void a_stored_file_is_found_with_its_bytes_after_a_restart() throws Exception {
        byte[] bytes = new byte[300_000];
        bytes[299_999] = 7;
        StoredFile f = stored(bytes, new byte[] {1, 2, 3});
        reopen();

        assertEquals(f, store.files().find(f.id()).orElseThrow());
        assertArrayEquals(bytes, read(store.files().open(f.id()).orElseThrow()));
        assertArrayEquals(
                new byte[] {1, 2, 3}, read(store.files().openThumbnail(f.id()).orElseThrow()));
    }

    @Test
    void a_file_without_thumbnail_has_none_and_a_missing_file_nothing() throws Exception {
        StoredFile f = stored(new byte[] {9}, null);

        assertTrue(store.files().openThumbnail(f.id()).isEmpty());
        assertTrue(store.files().find(Ids.newId()).isEmpty());
        assertTrue(store.files().open(Ids.newId()).isEmpty());
    }

    @Test
    void a_file_is_attached_to_one_message_only_moved_only_from_the_expected_one_and_found_by_it() throws Exception {
        StoredFile f = stored(new byte[] {9}, null);

        assertTrue(store.files().attach(f.id(), null, "m1"));
        assertFalse(store.files().attach(f.id(), null, "m2"));
        assertFalse(store.files().attach(f.id(), "m0", "m2"));
        assertEquals(List.of(f.withMessage("m1")), store.files().findByMessages(List.of("m1", "m3")));
        assertEquals(List.of(), store.files().findByMessages(List.of("m2")));
        assertEquals(List.of(), store.files().findByMessages(List.of()));

        assertTrue(store.files().attach(f.id(), "m1", "m2"));
        assertEquals(List.of(f.withMessage("m2")), store.files().findByMessages(List.of("m2")));
    }

    @Test
    void deleting_a_file_removes_its_record_and_bytes() throws Exception {
        StoredFile f = stored(new byte[] {9}, new byte[] {1});

        assertTrue(store.files().delete(f.id()));
        assertFalse(store.files().delete(f.id()));
        assertTrue(store.files().find(f.id()).isEmpty());
        assertTrue(store.files().open(f.id()).isEmpty());
        assertTrue(store.files().openThumbnail(f.id()).isEmpty());
    }

    @Test
    void deleting_a_rooms_files_removes_their_records_and_bytes_and_leaves_other_rooms_alone() throws Exception {
        StoredFile photo = stored("r1", new byte[] {9}, new byte[] {1});
        StoredFile notes = stored("r1", new byte[] {8}, null);
        StoredFile other = stored("r2", new byte[] {7}, null);

        assertEquals(2, store.files().deleteByRoom("r1"));

        for (StoredFile f : List.of(photo, notes)) {
            assertTrue(store.files().find(f.id()).isEmpty());
            assertTrue(store.files().open(f.id()).isEmpty());
            assertTrue(store.files().openThumbnail(f.id()).isEmpty());
        }
        assertEquals(other, store.files().find(other.id()).orElseThrow());
        assertArrayEquals(new byte[] {7}, read(store.files().open(other.id()).orElseThrow()));
        assertEquals(0, store.files().deleteByRoom("r1"));
    }

    @Test
    void the_rooms_with_files_are_listed_once_each_until_their_files_are_deleted() throws Exception {
        assertEquals(Set.of(), store.files().roomIds());
        stored("r1", new byte[] {1}, null);
        stored("r1", new byte[] {2}, null);
        StoredFile last = stored("r2", new byte[] {3}, null);

        assertEquals(Set.of("r1", "r2"), store.files().roomIds());
        store.files().deleteByRoom("r1");
        assertEquals(Set.of("r2"), store.files().roomIds());
        store.files().delete(last.id());
        assertEquals(Set.of(), store.files().roomIds());
    }

    @Test
    void attached_files_are_paged_in_id_order_and_unattached_ones_left_out() throws Exception {
        List<StoredFile> attached = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            StoredFile f = stored(i % 2 == 0 ? "r1" : "r2", new byte[] {(byte) i}, null);
            assertTrue(store.files().attach(f.id(), null, "m" + i));
            attached.add(f.withMessage("m" + i));
        }
        stored("r1", new byte[] {9}, null); // uploaded, not sent yet
        attached.sort(Comparator.comparing(StoredFile::id));

        List<StoredFile> first = store.files().attached(null, 2);
        List<StoredFile> second = store.files().attached(first.get(1).id(), 2);
        List<StoredFile> third = store.files().attached(second.get(1).id(), 2);
        assertEquals(attached.subList(0, 2), first);
        assertEquals(attached.subList(2, 4), second);
        assertEquals(attached.subList(4, 5), third);
        assertEquals(List.of(), store.files().attached(third.get(0).id(), 2));
    }
}
