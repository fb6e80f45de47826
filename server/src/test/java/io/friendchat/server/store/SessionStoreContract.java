package io.friendchat.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.friendchat.server.account.Session;
import io.friendchat.server.testing.Backend;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

public abstract class SessionStoreContract extends StoreContract {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    protected SessionStoreContract(Backend backend) {
        super(backend);
    }

    private static Session session(String hash, String userId, Instant expiresAt) {
        return new Session(hash, userId, NOW, NOW, expiresAt, "JUnit", "127.0.0.1");
    }

    @Test
    void created_session_is_found_and_touch_moves_its_expiry() {
        Session s = session("h1", "u1", NOW.plus(Duration.ofDays(7)));
        store.sessions().create(s);
        assertEquals(s, store.sessions().findByTokenHash("h1").orElseThrow());

        Instant later = NOW.plusSeconds(60);
        store.sessions().touch("h1", later, later.plus(Duration.ofDays(7)));

        Session touched = store.sessions().findByTokenHash("h1").orElseThrow();
        assertEquals(later, touched.lastSeenAt());
        assertEquals(later.plus(Duration.ofDays(7)), touched.expiresAt());
        assertEquals(NOW, touched.createdAt());
    }

    @Test
    void delete_removes_only_that_session() {
        store.sessions().create(session("h1", "u1", NOW.plusSeconds(600)));
        store.sessions().create(session("h2", "u1", NOW.plusSeconds(600)));

        assertTrue(store.sessions().delete("h1"));
        assertFalse(store.sessions().delete("h1"));

        assertTrue(store.sessions().findByTokenHash("h1").isEmpty());
        assertTrue(store.sessions().findByTokenHash("h2").isPresent());
    }

    @Test
    void delete_all_for_user_can_keep_the_current_session() {
        store.sessions().create(session("a1", "alice", NOW.plusSeconds(600)));
        store.sessions().create(session("a2", "alice", NOW.plusSeconds(600)));
        store.sessions().create(session("a3", "alice", NOW.plusSeconds(600)));
        store.sessions().create(session("b1", "bob", NOW.plusSeconds(600)));

        assertEquals(2, store.sessions().deleteAllForUser("alice", "a2"));
        assertTrue(store.sessions().findByTokenHash("a2").isPresent());
        assertTrue(store.sessions().findByTokenHash("a1").isEmpty());

        assertEquals(1, store.sessions().deleteAllForUser("alice", null));
        assertTrue(store.sessions().findByTokenHash("a2").isEmpty());
        assertTrue(store.sessions().findByTokenHash("b1").isPresent());
    }

    @Test
    void sweeping_deletes_only_expired_sessions() {
        store.sessions().create(session("old", "u1", NOW.minusSeconds(1)));
        store.sessions().create(session("new", "u1", NOW.plusSeconds(600)));

        assertEquals(1, store.sessions().deleteExpired(NOW));

        assertTrue(store.sessions().findByTokenHash("old").isEmpty());
        assertTrue(store.sessions().findByTokenHash("new").isPresent());
    }
}
