package io.friendchat.server.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.friendchat.server.Config;
import io.friendchat.server.common.Ids;
import io.friendchat.server.common.RateLimits;
import io.friendchat.server.store.DataStore;
import io.friendchat.server.store.sqlite.SqliteDataStore;
import io.friendchat.server.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountServiceTest {
    private static final ClientInfo CLIENT = new ClientInfo("192.0.2.1", "JUnit");

    @TempDir
    Path tempDir;

    private DataStore store;
    private final MutableClock clock = new MutableClock();
    private AccountService accounts;

    @BeforeEach
    void open() {
        store = new SqliteDataStore(tempDir);
        Config config = Config.fromEnv(
                Map.of("FRIENDCHAT_DATA_DIR", tempDir.toString(), "FRIENDCHAT_SESSION_IDLE_TIMEOUT", "1h"));
        accounts = new AccountService(
                store.users(),
                store.sessions(),
                new PasswordHasher(),
                CommonPasswords.load(),
                config,
                RateLimits.inMemory(clock),
                clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void the_common_password_list_has_ten_thousand_entries() {
        CommonPasswords list = CommonPasswords.load();
        assertEquals(10_000, list.size(), "duplicates in the source would show here");
        assertTrue(list.contains("123456"));
        assertTrue(list.contains("DRAGON"));
        assertFalse(list.contains("correct horse battery staple"));
    }

    @Test
    void expired_sessions_are_swept_from_the_store() {
        String hash = accounts.signup("amy", "amy@example.com", "a long enough secret", null, CLIENT)
                .session()
                .tokenHash();
        clock.advance(Duration.ofMinutes(30));
        String fresh =
                accounts.login("amy", "a long enough secret", CLIENT).session().tokenHash();
        clock.advance(Duration.ofMinutes(31));

        assertEquals(1, accounts.sweep());

        assertTrue(store.sessions().findByTokenHash(hash).isEmpty());
        assertTrue(store.sessions().findByTokenHash(fresh).isPresent());
    }

    @Test
    void a_hash_made_with_old_parameters_is_recomputed_at_login() {
        PasswordHasher old = new PasswordHasher(1024, 1, 1);
        String oldHash = old.hash("an older secret here");
        store.users().create(new User(Ids.newId(), "ben", "ben@example.com", "Ben", oldHash, Instant.now()));
        assertTrue(new PasswordHasher().needsRehash(oldHash));

        accounts.login("ben", "an older secret here", CLIENT);

        String newHash = store.users().findByUsername("ben").orElseThrow().passwordHash();
        assertNotEquals(oldHash, newHash);
        assertTrue(newHash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), newHash);
        assertFalse(new PasswordHasher().needsRehash(newHash));
        accounts.login("ben", "an older secret here", CLIENT);
    }

    @Test
    void hashes_are_argon2id_with_owasp_parameters_and_salted() {
        PasswordHasher hasher = new PasswordHasher();
        String a = hasher.hash("same password twice");
        String b = hasher.hash("same password twice");

        assertTrue(a.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), a);
        assertNotEquals(a, b);
        assertTrue(hasher.verify("same password twice", a));
        assertFalse(hasher.verify("same password twice!", a));
        assertFalse(hasher.verify("anything", "not a hash"));
    }
}
