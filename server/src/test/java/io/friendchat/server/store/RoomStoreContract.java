package io.friendchat.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.friendchat.server.common.Ids;
import io.friendchat.server.message.Message;
import io.friendchat.server.message.NewMessage;
import io.friendchat.server.room.Member;
import io.friendchat.server.room.Role;
import io.friendchat.server.room.Room;
import io.friendchat.server.room.Visibility;
import io.friendchat.server.testing.Backend;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

public abstract class RoomStoreContract extends StoreContract {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    protected RoomStoreContract(Backend backend) {
        super(backend);
    }

    static Room room(String name) {
        return new Room(Ids.newId(), name, "about " + name, "creator", NOW, NOW);
    }

    @Test
    void created_room_is_found_and_updated() {
        Room room = room("general");
        store.rooms().create(room);
        assertEquals(room, store.rooms().findById(room.id()).orElseThrow());

        Instant later = NOW.plusSeconds(5);
        assertTrue(store.rooms().update(room.id(), "random", "new description", later));

        Room updated = store.rooms().findById(room.id()).orElseThrow();
        assertEquals("random", updated.name());
        assertEquals("new description", updated.description());
        assertEquals(later, updated.updatedAt());
        assertEquals(NOW, updated.createdAt());
        assertFalse(store.rooms().update(Ids.newId(), "x", "", later));
    }

    @Test
    void deleting_a_room_removes_its_members_and_messages_only() {
        Room doomed = room("doomed");
        Room kept = room("kept");
        for (Room r : new Room[] {doomed, kept}) {
            store.rooms().create(r);
            store.members().add(new Member(r.id(), "alice", Role.OWNER, NOW, 0));
            store.messages().append(new NewMessage(Ids.newId(), r.id(), "alice", "c1", Message.Kind.TEXT, "hi", NOW));
        }

        assertTrue(store.rooms().delete(doomed.id()));

        assertTrue(store.rooms().findById(doomed.id()).isEmpty());
        assertTrue(store.members().listByRoom(doomed.id()).isEmpty());
        assertTrue(store.messages().after(doomed.id(), 0, 10).isEmpty());
        assertEquals(1, store.members().listByRoom(kept.id()).size());
        assertEquals(1, store.messages().after(kept.id(), 0, 10).size());
        assertEquals(1, store.members().listByUser("alice").size());
        assertFalse(store.rooms().delete(doomed.id()));
    }

    @Test
    void rooms_and_messages_are_counted() {
        assertEquals(0, store.rooms().count());
        assertEquals(0, store.messages().count());
        Room a = room("a");
        Room b = room("b");
        store.rooms().create(a);
        store.rooms().create(b);
        for (int i = 0; i < 3; i++) {
            store.messages()
                    .append(new NewMessage(Ids.newId(), a.id(), "alice", "c" + i, Message.Kind.TEXT, "hi", NOW));
        }
        store.messages().append(new NewMessage(Ids.newId(), b.id(), "alice", "c", Message.Kind.TEXT, "hi", NOW));

        assertEquals(2, store.rooms().count());
        assertEquals(4, store.messages().count());

        store.rooms().delete(a.id());
        assertEquals(1, store.rooms().count());
        assertEquals(1, store.messages().count(), "a deleted room's messages are no longer counted");
    }

    private static Room direct(String a, String b) {
        return new Room(Ids.newId(), "", "", a, NOW, NOW, Visibility.PRIVATE, Room.directKey(a, b));
    }

    @Test
    void a_pair_has_at_most_one_direct_message_whoever_creates_it() {
        Room first = direct("alice", "bob");
        assertTrue(store.rooms().createDirect(first));
        assertFalse(store.rooms().createDirect(direct("bob", "alice")));
        assertTrue(store.rooms().createDirect(direct("alice", "carol")));

        Room found = store.rooms().findDirect(Room.directKey("bob", "alice")).orElseThrow();
        assertEquals(first, found);
        assertEquals("bob", found.peerOf("alice"));
        assertTrue(store.rooms().findDirect(Room.directKey("bob", "carol")).isEmpty());
        store.rooms().create(room("plain one"));
        store.rooms().create(room("plain two"));
        assertEquals(4, store.rooms().count(), "rooms without a direct key do not collide");
    }

    @Test
    void concurrent_direct_creations_store_exactly_one() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> store.rooms().createDirect(direct("dan", "erin"))));
            }
            int won = 0;
            for (var r : results) {
                won += r.get() ? 1 : 0;
            }
            assertEquals(1, won);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void public_rooms_are_listed_newest_first_in_pages() {
        Room hidden = room("hidden");
        store.rooms().create(hidden);
        java.util.List<String> made = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Room r = new Room(Ids.newId(), "open" + i, "", "c", NOW.plusSeconds(i), NOW, Visibility.PUBLIC, null);
            store.rooms().create(r);
            made.add(0, r.id());
        }
        assertTrue(store.rooms().setVisibility(hidden.id(), Visibility.PUBLIC, NOW.plusSeconds(9)));
        assertEquals(
                Visibility.PUBLIC,
                store.rooms().findById(hidden.id()).orElseThrow().visibility());
        assertTrue(store.rooms().setVisibility(hidden.id(), Visibility.PRIVATE, NOW.plusSeconds(10)));

        assertEquals(
                made.subList(0, 2),
                store.rooms().listPublic(0, 2).stream().map(Room::id).toList());
        assertEquals(
                made.subList(2, 3),
                store.rooms().listPublic(2, 2).stream().map(Room::id).toList());
        assertFalse(store.rooms().setVisibility(Ids.newId(), Visibility.PUBLIC, NOW));
    }

    @Test
    void deleting_a_room_removes_its_invites() {
        Room r = room("invited");
        store.rooms().create(r);
        store.invites().create(new io.friendchat.server.room.Invite("tok", r.id(), "alice", NOW, null, null, 0));

        store.rooms().delete(r.id());

        assertTrue(store.invites().find("tok").isEmpty());
    }

    @Test
    void rooms_are_found_by_many_ids_at_once() {
        Room a = room("a");
        Room b = room("b");
        store.rooms().create(a);
        store.rooms().create(b);
        store.rooms().create(room("c"));

        assertEquals(
                java.util.Set.of(a, b),
                java.util.Set.copyOf(store.rooms().findByIds(java.util.List.of(a.id(), b.id(), Ids.newId()))));
        assertTrue(store.rooms().findByIds(java.util.List.of()).isEmpty());
    }
}
