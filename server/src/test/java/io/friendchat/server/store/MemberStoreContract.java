package io.friendchat.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.friendchat.server.room.Member;
import io.friendchat.server.room.Notify;
import io.friendchat.server.room.Role;
import io.friendchat.server.testing.Backend;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

public abstract class MemberStoreContract extends StoreContract {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    protected MemberStoreContract(Backend backend) {
        super(backend);
    }

    private static Member member(String roomId, String userId, Role role, long offsetMillis) {
        return new Member(roomId, userId, role, NOW.plusMillis(offsetMillis), 0);
    }

    @Test
    void members_are_listed_by_room_in_join_order_and_by_user() {
        store.members().add(member("r1", "alice", Role.OWNER, 0));
        store.members().add(member("r1", "bob", Role.MEMBER, 1));
        store.members().add(member("r2", "bob", Role.ADMIN, 2));

        assertEquals(
                List.of("alice", "bob"),
                store.members().listByRoom("r1").stream().map(Member::userId).toList());
        assertEquals(2, store.members().listByUser("bob").size());
        assertEquals(2, store.members().countByRoom("r1"));
        assertEquals(Role.ADMIN, store.members().find("r2", "bob").orElseThrow().role());
        assertTrue(store.members().find("r2", "alice").isEmpty());
    }

    @Test
    void adding_an_existing_member_changes_nothing() {
        assertTrue(store.members().add(member("r1", "alice", Role.OWNER, 0)));
        assertFalse(store.members().add(member("r1", "alice", Role.MEMBER, 5)));

        assertEquals(
                Role.OWNER, store.members().find("r1", "alice").orElseThrow().role());
        assertEquals(1, store.members().countByRoom("r1"));
    }

    @Test
    void concurrent_adds_of_the_same_member_leave_exactly_one_membership() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> adds = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                adds.add(() -> store.members().add(member("r1", "carol", Role.MEMBER, 0)));
            }
            int added = 0;
            for (Future<Boolean> f : pool.invokeAll(adds)) {
                added += f.get() ? 1 : 0;
            }
            assertEquals(1, added);
            assertEquals(1, store.members().countByRoom("r1"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void role_changes_and_removal_touch_only_that_member() {
        store.members().add(member("r1", "alice", Role.OWNER, 0));
        store.members().add(member("r1", "bob", Role.MEMBER, 1));

        assertTrue(store.members().updateRole("r1", "bob", Role.ADMIN));
        assertEquals(Role.ADMIN, store.members().find("r1", "bob").orElseThrow().role());
        assertFalse(store.members().updateRole("r1", "nobody", Role.ADMIN));

        assertTrue(store.members().remove("r1", "bob"));
        assertFalse(store.members().remove("r1", "bob"));
        assertEquals(
                List.of("alice"),
                store.members().listByRoom("r1").stream().map(Member::userId).toList());
    }

    @Test
    void last_read_seq_only_ever_increases() {
        store.members().add(member("r1", "alice", Role.OWNER, 0));

        assertTrue(store.members().advanceLastRead("r1", "alice", 10));
        assertFalse(store.members().advanceLastRead("r1", "alice", 4));
        assertFalse(store.members().advanceLastRead("r1", "alice", 10));

        assertEquals(10, store.members().find("r1", "alice").orElseThrow().lastReadSeq());
    }

    @Test
    void notification_level_is_all_until_set_and_is_kept_per_membership() {
        store.members().add(member("r1", "alice", Role.OWNER, 0));
        store.members().add(member("r2", "alice", Role.OWNER, 0));
        assertEquals(
                Notify.ALL, store.members().find("r1", "alice").orElseThrow().notifyLevel());

        assertTrue(store.members().setNotify("r1", "alice", Notify.MENTIONS));
        assertFalse(store.members().setNotify("r1", "bob", Notify.NONE));
        reopen();

        assertEquals(
                Notify.MENTIONS,
                store.members().find("r1", "alice").orElseThrow().notifyLevel());
        assertEquals(
                Notify.ALL, store.members().find("r2", "alice").orElseThrow().notifyLevel());
        assertTrue(store.members().find("r1", "bob").isEmpty());
        assertTrue(store.members().setNotify("r1", "alice", Notify.NONE));
        assertEquals(
                Notify.NONE,
                store.members().listByUser("alice").stream()
                        .filter(m -> m.roomId().equals("r1"))
                        .findFirst()
                        .orElseThrow()
                        .notifyLevel());
    }
}
