package io.friendchat.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.friendchat.server.account.User;
import io.friendchat.server.common.ConflictException;
import io.friendchat.server.common.Ids;
import io.friendchat.server.testing.Backend;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

public abstract class UserStoreContract extends StoreContract {
    protected UserStoreContract(Backend backend) {
        super(backend);
    }

    static User user(String username, String email) {
        return new User(
                Ids.newId(),
                username,
                email,
                username + " display",
                "hash-" + username,
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    @Test
    void created_user_is_found_by_id_username_and_email_in_any_case() {
        User alice = user("Alice.Smith", "Alice@Example.com");
        store.users().create(alice);

        assertEquals(alice, store.users().findById(alice.id()).orElseThrow());
        assertEquals(alice, store.users().findByUsername("alice.smith").orElseThrow());
        assertEquals(alice, store.users().findByEmail("ALICE@example.COM").orElseThrow());
    }

    @Test
    void username_that_differs_only_in_case_is_taken() {
        store.users().create(user("bob", "bob@example.com"));

        ConflictException e =
                assertThrows(ConflictException.class, () -> store.users().create(user("BOB", "other@example.com")));
        assertEquals("username_taken", e.code());
        assertTrue(store.users().findByEmail("other@example.com").isEmpty());
    }

    @Test
    void email_that_differs_only_in_case_is_taken() {
        store.users().create(user("carol", "carol@example.com"));

        ConflictException e =
                assertThrows(ConflictException.class, () -> store.users().create(user("carol2", "CAROL@example.com")));
        assertEquals("email_taken", e.code());
        assertTrue(store.users().findByUsername("carol2").isEmpty());
    }

    @Test
    void unknown_and_operator_shaped_lookups_find_nothing() {
        store.users().create(user("dave", "dave@example.com"));

        assertTrue(store.users().findById(Ids.newId()).isEmpty());
        assertTrue(store.users().findByUsername("{\"$ne\": null}").isEmpty());
        assertTrue(store.users().findByEmail("{\"$gt\": \"\"}").isEmpty());
        assertTrue(store.users().findByUsername("' OR '1'='1").isEmpty());
    }

    @Test
    void users_survive_reopening_the_store() {
        User erin = user("erin", "erin@example.com");
        store.users().create(erin);

        reopen();

        assertEquals(erin, store.users().findByUsername("erin").orElseThrow());
    }

    @Test
    void concurrent_creates_with_clashing_names_store_each_name_once() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 32; i++) {
                String name = "user" + (i % 8); // each name four times
                String email = name + "-" + i + "@example.com";
                results.add(pool.submit(() -> {
                    try {
                        store.users().create(user(name, email));
                        return true;
                    } catch (ConflictException e) {
                        return false;
                    }
                }));
            }
            int created = 0;
            for (java.util.concurrent.Future<Boolean> f : results) {
                created += f.get() ? 1 : 0;
            }
            assertEquals(8, created, "a clash must fail alone, and never take other writes with it");
            for (int i = 0; i < 8; i++) {
                assertTrue(store.users().findByUsername("user" + i).isPresent());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void admin_and_deactivated_flags_are_stored_apart_and_survive_reopening() {
        User frank = user("frank", "frank@example.com");
        User gina = user("gina", "gina@example.com");
        store.users().create(frank);
        store.users().create(gina);
        assertFalse(store.users().findById(frank.id()).orElseThrow().admin(), "a new user is no admin");
        assertFalse(store.users().findById(frank.id()).orElseThrow().deactivated(), "a new user is active");

        assertTrue(store.users().setAdmin(frank.id(), true));
        assertTrue(store.users().setDeactivated(gina.id(), true));
        reopen();

        User f = store.users().findByUsername("FRANK").orElseThrow();
        User g = store.users().findByEmail("gina@example.com").orElseThrow();
        assertTrue(f.admin());
        assertFalse(f.deactivated());
        assertFalse(g.admin());
        assertTrue(g.deactivated());
        assertEquals(frank.passwordHash(), f.passwordHash(), "the other fields are untouched");

        assertTrue(store.users().setAdmin(frank.id(), false));
        assertTrue(store.users().setDeactivated(gina.id(), false));
        assertFalse(store.users().findById(frank.id()).orElseThrow().admin());
        assertFalse(store.users().findById(gina.id()).orElseThrow().deactivated());
        assertFalse(store.users().setAdmin(Ids.newId(), true), "an unknown user is reported");
        assertFalse(store.users().setDeactivated(Ids.newId(), true));
    }

    @Test
    void users_are_listed_by_username_prefix_in_pages_without_regard_to_case() {
        for (String name : java.util.List.of("Sam", "sally", "SARAH", "sa_m", "sb", "paul", "sa")) {
            store.users().create(user(name, name + "@example.com"));
        }
        java.util.function.Function<java.util.List<User>, java.util.List<String>> names =
                list -> list.stream().map(User::username).toList();

        assertEquals(
                java.util.List.of("sa", "sa_m", "sally", "Sam", "SARAH"),
                names.apply(store.users().listByUsername("SA", null, 10)),
                "by username, any case; '_' sorts before letters");
        assertEquals(java.util.List.of("sa", "sa_m"), names.apply(store.users().listByUsername("sa", null, 2)));
        assertEquals(
                java.util.List.of("sally", "Sam"), names.apply(store.users().listByUsername("sa", "SA_M", 2)));
        assertEquals(java.util.List.of("SARAH"), names.apply(store.users().listByUsername("sa", "sam", 2)));
        assertEquals(java.util.List.of(), store.users().listByUsername("sa", "sarah", 2));
        assertEquals(7, store.users().listByUsername("", null, 100).size(), "an empty prefix finds everyone");
        assertEquals(java.util.List.of(), store.users().listByUsername("%", null, 10), "no pattern is built");
        assertEquals(java.util.List.of(), store.users().listByUsername(".*", null, 10));
        assertEquals(7, store.users().count());
    }

    @Test
    void search_finds_active_users_by_the_start_of_username_or_display_name_in_any_case() {
        User anna = user("anna", "anna@example.com");
        User bob = new User(Ids.newId(), "bob", "bob@example.com", "Annabel Lee", "h", Instant.now());
        User annika = user("Annika", "annika@example.com");
        User gone = user("annette", "annette@example.com");
        User carl = user("carl", "carl@example.com");
        for (User u : new User[] {anna, bob, annika, gone, carl}) {
            store.users().create(u);
        }
        store.users().setDeactivated(gone.id(), true);

        assertEquals(
                java.util.List.of("anna", "Annika", "bob"),
                store.users().search("ANN", 10).stream().map(User::username).toList());
        assertEquals(
                java.util.List.of("anna", "Annika"),
                store.users().search("ann", 2).stream().map(User::username).toList(),
                "limited, in username order");
        assertTrue(store.users().search("zed", 10).isEmpty());
    }

    @Test
    void search_follows_a_changed_display_name() {
        User dora = user("dora", "dora@example.com");
        store.users().create(dora);
        store.users().updateDisplayName(dora.id(), "Explorer");

        assertEquals(1, store.users().search("expl", 10).size());
        assertTrue(store.users().search("dora d", 10).isEmpty());
    }

    @Test
    void avatar_is_stored_replaced_and_cleared_with_its_version() {
        User eve = user("eve", "eve@example.com");
        store.users().create(eve);
        assertEquals(0, store.users().findById(eve.id()).orElseThrow().avatarVersion());

        assertTrue(store.users().setAvatar(eve.id(), new byte[] {1, 2, 3}, 7));
        assertTrue(store.users().setAvatar(eve.id(), new byte[] {4, 5}, 9));
        assertEquals(9, store.users().findById(eve.id()).orElseThrow().avatarVersion());
        org.junit.jupiter.api.Assertions.assertArrayEquals(
                new byte[] {4, 5}, store.users().findAvatar(eve.id()).orElseThrow());

        assertTrue(store.users().clearAvatar(eve.id()));
        assertEquals(0, store.users().findById(eve.id()).orElseThrow().avatarVersion());
        assertTrue(store.users().findAvatar(eve.id()).isEmpty());
        assertFalse(store.users().setAvatar(Ids.newId(), new byte[] {1}, 1), "no such user");
    }
}
