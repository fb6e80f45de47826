package io.friendchat.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.friendchat.server.room.Invite;
import io.friendchat.server.testing.Backend;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

public abstract class InviteStoreContract extends StoreContract {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    protected InviteStoreContract(Backend backend) {
        super(backend);
    }

    @Test
    void invites_are_found_listed_newest_first_and_revoked() {
        Invite older = new Invite("t1", "room", "alice", NOW, null, null, 0);
        Invite newer = new Invite("t2", "room", "alice", NOW.plusSeconds(1), NOW.plusSeconds(60), 5, 0);
        store.invites().create(older);
        store.invites().create(newer);
        store.invites().create(new Invite("t3", "other", "bob", NOW, null, null, 0));

        assertEquals(newer, store.invites().find("t2").orElseThrow());
        assertEquals(List.of(newer, older), store.invites().listByRoom("room"));
        assertFalse(store.invites().delete("other", "t1"), "only the invite's own room revokes it");
        assertTrue(store.invites().delete("room", "t1"));
        assertTrue(store.invites().find("t1").isEmpty());
    }

    @Test
    void an_invite_is_used_only_before_expiry_and_up_to_its_limit() {
        store.invites().create(new Invite("limited", "room", "alice", NOW, null, 2, 0));
        store.invites().create(new Invite("expiring", "room", "alice", NOW, NOW.plusSeconds(10), null, 0));

        assertTrue(store.invites().use("limited", NOW));
        assertTrue(store.invites().use("limited", NOW));
        assertFalse(store.invites().use("limited", NOW));
        assertEquals(2, store.invites().find("limited").orElseThrow().uses());
        store.invites().unuse("limited");
        assertEquals(1, store.invites().find("limited").orElseThrow().uses());

        assertTrue(store.invites().use("expiring", NOW.plusSeconds(9)));
        assertFalse(store.invites().use("expiring", NOW.plusSeconds(10)));
        assertFalse(store.invites().use("missing", NOW));
    }

    @Test
    void concurrent_uses_never_exceed_the_limit() throws Exception {
        store.invites().create(new Invite("race", "room", "alice", NOW, null, 3, 0));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                results.add(pool.submit(() -> store.invites().use("race", NOW)));
            }
            int counted = 0;
            for (Future<Boolean> r : results) {
                counted += r.get() ? 1 : 0;
            }
            assertEquals(3, counted);
            assertEquals(3, store.invites().find("race").orElseThrow().uses());
        } finally {
            pool.shutdown();
        }
    }
}
