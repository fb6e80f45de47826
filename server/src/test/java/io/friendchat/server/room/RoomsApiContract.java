package io.friendchat.server.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.friendchat.server.testing.ApiClient;
import io.friendchat.server.testing.Backend;
import io.friendchat.server.testing.ServerFixture;
import io.friendchat.server.testing.TestServer;
import io.friendchat.server.testing.TestServer.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The rooms API through HTTP on a real server; one subclass per store. */
public abstract class RoomsApiContract {
    @RegisterExtension
    final ServerFixture fixture;

    private TestServer server;
    private ApiClient alice;
    private ApiClient bob;
    private ApiClient carol;
    private ApiClient dave;

    protected RoomsApiContract(Backend backend) {
        fixture = ServerFixture.on(backend).withUsers("alice", "bob", "carol", "dave");
    }

    @BeforeEach
    void start() {
        server = fixture.server();
        alice = fixture.user("alice");
        bob = fixture.user("bob");
        carol = fixture.user("carol");
        dave = fixture.user("dave");
    }

    private static String id(ApiClient who) {
        return who.get("/api/me").json().at("/user/id").asText();
    }

    private String createRoom(ApiClient owner, String name, String... members) {
        return fixture.createRoom(owner, name, members);
    }

    private static void assertError(Response r, int status, String code) {
        assertEquals(status, r.status(), r.body());
        assertEquals(code, r.json().get("code").asText(), r.body());
    }

    private static String role(JsonNode room, String username) {
        for (JsonNode m : room.get("members")) {
            if (m.get("username").asText().equals(username)) {
                return m.get("role").asText();
            }
        }
        return null;
    }

    private List<String> systemTypes(ApiClient who, String roomId) {
        List<String> types = new ArrayList<>();
        for (JsonNode m :
                who.get("/api/rooms/" + roomId + "/messages?limit=100").json().get("messages")) {
            if (m.get("kind").asText().equals("system")) {
                types.add(m.at("/system/type").asText());
            }
        }
        return types;
    }

    @Test
    void the_creator_becomes_owner_and_the_named_members_join() {
        Response r = alice.post(
                "/api/rooms",
                "{\"name\":\"  Weekend plans  \",\"description\":\"Hiking?\",\"members\":[\"bob\",\"CAROL\",\"bob\"]}");

        assertEquals(201, r.status(), r.body());
        JsonNode room = r.json().get("room");
        assertEquals("Weekend plans", room.get("name").asText());
        assertEquals("Hiking?", room.get("description").asText());
        assertEquals("owner", role(room, "alice"));
        assertEquals("member", role(room, "bob"));
        assertEquals("member", role(room, "carol"));
        assertEquals(3, room.get("members").size());
        assertFalse(r.body().contains("@example.com"), "members' emails are private");
        assertEquals("owner", room.get("myRole").asText());
        assertEquals(200, bob.get("/api/rooms/" + room.get("id").asText()).status());
    }

    @Test
    void unknown_usernames_are_named_and_no_room_is_created() {
        Response r = alice.post("/api/rooms", "{\"name\":\"x\",\"members\":[\"bob\",\"nobody\",\"ghost\"]}");

        assertError(r, 400, "unknown_users");
        assertTrue(r.json().get("message").asText().contains("nobody"));
        assertTrue(r.json().get("message").asText().contains("ghost"));
        assertEquals(0, alice.get("/api/rooms").json().get("rooms").size());
        assertEquals(0, bob.get("/api/rooms").json().get("rooms").size());
    }

    @Test
    void bad_names_descriptions_and_types_are_refused() {
        assertError(alice.post("/api/rooms", "{\"name\":\"   \"}"), 400, "invalid_name");
        assertError(alice.post("/api/rooms", "{\"name\":\"" + "n".repeat(81) + "\"}"), 400, "invalid_name");
        assertError(
                alice.post("/api/rooms", "{\"name\":\"ok\",\"description\":\"" + "d".repeat(501) + "\"}"),
                400,
                "invalid_description");
        assertError(alice.post("/api/rooms", "{\"name\":{\"$ne\":null}}"), 400, "invalid_type");
        assertError(alice.post("/api/rooms", "{\"name\":\"ok\",\"members\":\"bob\"}"), 400, "invalid_type");
        assertError(alice.post("/api/rooms", "{\"name\":\"ok\",\"members\":[{\"$gt\":\"\"}]}"), 400, "invalid_type");
        assertError(alice.post("/api/rooms", "{\"description\":\"no name\"}"), 400, "missing_field");
        assertEquals(0, alice.get("/api/rooms").json().get("rooms").size());
        assertEquals(
                201,
                alice.post("/api/rooms", "{\"name\":\"" + "n".repeat(80) + "\"}")
                        .status());
    }

    @Test
    void a_non_member_sees_404_for_everything_about_a_room() {
        String room = createRoom(alice, "secret", "bob");

        assertError(carol.get("/api/rooms/" + room), 404, "room_not_found");
        assertError(carol.patch("/api/rooms/" + room, "{\"name\":\"mine\"}"), 404, "room_not_found");
        assertError(carol.post("/api/rooms/" + room + "/members", "{\"usernames\":[\"dave\"]}"), 404, "room_not_found");
        assertError(carol.get("/api/rooms/" + room + "/messages"), 404, "room_not_found");
        assertError(carol.delete("/api/rooms/" + room), 404, "room_not_found");
        assertError(carol.post("/api/rooms/" + room + "/leave", null), 404, "room_not_found");
        assertError(carol.delete("/api/rooms/" + room + "/members/" + id(bob)), 404, "room_not_found");
        assertEquals(
                404,
                carol.get("/api/rooms/" + room.replace(room.charAt(23), room.charAt(23) == 'a' ? 'b' : 'a'))
                        .status());
        assertEquals(200, alice.get("/api/rooms/" + room).status());
    }

    @Test
    void malformed_room_and_member_ids_get_404_never_500() {
        String room = createRoom(alice, "r", "bob");
        for (String bad : new String[] {
            "abc", "%7B%22%24ne%22%3Anull%7D", "..%2F..%2Fetc", "0".repeat(25), "ZZZZZZZZZZZZZZZZZZZZZZZZ"
        }) {
            assertError(alice.get("/api/rooms/" + bad), 404, "room_not_found");
            assertError(alice.get("/api/rooms/" + bad + "/messages"), 404, "room_not_found");
        }
        assertError(alice.delete("/api/rooms/" + room + "/members/not-an-id"), 404, "member_not_found");
        assertError(
                alice.patch("/api/rooms/" + room + "/members/not-an-id", "{\"role\":\"admin\"}"),
                404,
                "member_not_found");
    }

    @Test
    void a_member_cannot_edit_add_remove_change_roles_or_delete() {
        String room = createRoom(alice, "r", "bob", "carol");

        assertError(bob.patch("/api/rooms/" + room, "{\"name\":\"hijacked\"}"), 403, "forbidden");
        assertError(bob.post("/api/rooms/" + room + "/members", "{\"usernames\":[\"dave\"]}"), 403, "forbidden");
        assertError(bob.delete("/api/rooms/" + room + "/members/" + id(carol)), 403, "forbidden");
        assertError(
                bob.patch("/api/rooms/" + room + "/members/" + id(carol), "{\"role\":\"admin\"}"), 403, "forbidden");
        assertError(bob.delete("/api/rooms/" + room), 403, "forbidden");
        JsonNode view = alice.get("/api/rooms/" + room).json().get("room");
        assertEquals("r", view.get("name").asText());
        assertEquals(3, view.get("members").size());
    }

    @Test
    void an_admin_edits_and_manages_members_but_not_the_owner_or_other_admins() {
        String room = createRoom(alice, "r", "bob", "carol");
        assertEquals(
                200,
                alice.patch("/api/rooms/" + room + "/members/" + id(bob), "{\"role\":\"admin\"}")
                        .status());
        assertEquals(
                200,
                alice.patch("/api/rooms/" + room + "/members/" + id(carol), "{\"role\":\"admin\"}")
                        .status());
        assertEquals(
                200,
                alice.patch("/api/rooms/" + room + "/members/" + id(carol), "{\"role\":\"member\"}")
                        .status());

        assertEquals(
                200,
                bob.patch("/api/rooms/" + room, "{\"name\":\"renamed by admin\"}")
                        .status());
        assertEquals(
                201,
                bob.post("/api/rooms/" + room + "/members", "{\"usernames\":[\"dave\"]}")
                        .status());
        assertEquals(
                204, bob.delete("/api/rooms/" + room + "/members/" + id(dave)).status());
        assertError(bob.delete("/api/rooms/" + room + "/members/" + id(alice)), 403, "cannot_remove_owner");
        assertEquals(
                200,
                alice.patch("/api/rooms/" + room + "/members/" + id(carol), "{\"role\":\"admin\"}")
                        .status());
        assertError(bob.delete("/api/rooms/" + room + "/members/" + id(carol)), 403, "forbidden");
        assertError(
                bob.patch("/api/rooms/" + room + "/members/" + id(carol), "{\"role\":\"member\"}"), 403, "forbidden");
        assertError(bob.delete("/api/rooms/" + room), 403, "forbidden");

        JsonNode view = alice.get("/api/rooms/" + room).json().get("room");
        assertEquals("renamed by admin", view.get("name").asText());
        assertEquals("owner", role(view, "alice"));
        assertEquals("admin", role(view, "carol"));
        assertEquals(null, role(view, "dave"));
    }

    @Test
    void roles_must_be_valid_values() {
        String room = createRoom(alice, "r", "bob");
        String bobId = id(bob);

        assertError(
                alice.patch("/api/rooms/" + room + "/members/" + bobId, "{\"role\":\"superuser\"}"),
                400,
                "invalid_role");
        assertError(
                alice.patch("/api/rooms/" + room + "/members/" + bobId, "{\"role\":{\"$ne\":\"member\"}}"),
                400,
                "invalid_type");
        assertError(alice.patch("/api/rooms/" + room + "/members/" + bobId, "{}"), 400, "missing_field");
        assertEquals("member", role(alice.get("/api/rooms/" + room).json().get("room"), "bob"));
    }

    @Test
    void the_owner_transfers_ownership_and_becomes_an_admin() {
        String room = createRoom(alice, "r", "bob", "carol");

        Response r = alice.patch("/api/rooms/" + room + "/members/" + id(bob), "{\"role\":\"owner\"}");

        assertEquals(200, r.status(), r.body());
        JsonNode view = carol.get("/api/rooms/" + room).json().get("room");
        assertEquals("owner", role(view, "bob"));
        assertEquals("admin", role(view, "alice"));
        assertError(
                alice.patch("/api/rooms/" + room + "/members/" + id(carol), "{\"role\":\"admin\"}"), 403, "forbidden");
        assertEquals(
                200,
                bob.patch("/api/rooms/" + room + "/members/" + id(carol), "{\"role\":\"admin\"}")
                        .status());
        assertEquals(List.of("room_created", "members_added", "owner_changed", "role_changed"), systemTypes(bob, room));
    }

    @Test
    void adding_a_member_twice_or_an_unknown_user_changes_nothing() {
        String room = createRoom(alice, "r", "bob");

        assertError(alice.post("/api/rooms/" + room + "/members", "{\"usernames\":[\"BOB\"]}"), 409, "already_member");
        assertError(
                alice.post("/api/rooms/" + room + "/members", "{\"usernames\":[\"carol\",\"nobody\"]}"),
                400,
                "unknown_users");
        assertError(alice.post("/api/rooms/" + room + "/members", "{\"usernames\":[]}"), 400, "missing_field");
        assertEquals(
                2, alice.get("/api/rooms/" + room).json().at("/room/members").size());
    }

    @Test
    void concurrent_adds_of_the_same_member_leave_exactly_one_membership() throws Exception {
        String room = createRoom(alice, "r", "bob");
        alice.patch("/api/rooms/" + room + "/members/" + id(bob), "{\"role\":\"admin\"}");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> adds = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                ApiClient admin = i % 2 == 0 ? alice : bob;
                adds.add(() -> admin.post("/api/rooms/" + room + "/members", "{\"usernames\":[\"carol\"]}")
                        .status());
            }
            int created = 0;
            for (Future<Integer> f : pool.invokeAll(adds)) {
                int status = f.get();
                assertTrue(status == 201 || status == 409, "status " + status);
                created += status == 201 ? 1 : 0;
            }
            assertEquals(1, created);
        } finally {
            pool.shutdownNow();
        }
        JsonNode members = alice.get("/api/rooms/" + room).json().at("/room/members");
        assertEquals(3, members.size());
        assertEquals(3, server.server().store().members().countByRoom(room));
    }

    @Test
    void members_leave_and_the_owner_must_transfer_first_unless_last() {
        String room = createRoom(alice, "r", "bob");

        assertError(alice.post("/api/rooms/" + room + "/leave", null), 409, "owner_must_transfer");
        assertEquals(204, bob.post("/api/rooms/" + room + "/leave", null).status());
        assertError(bob.get("/api/rooms/" + room), 404, "room_not_found");
        assertEquals(List.of("room_created", "members_added", "member_left"), systemTypes(alice, room));

        assertEquals(204, alice.post("/api/rooms/" + room + "/leave", null).status());

        assertTrue(
                server.server().store().rooms().findById(room).isEmpty(), "the last member leaving deletes the room");
    }

    @Test
    void deleting_a_room_removes_its_messages_and_memberships() {
        String room = createRoom(alice, "r", "bob");
        String kept = createRoom(alice, "kept", "bob");
        alice.patch("/api/rooms/" + room, "{\"description\":\"about to go\"}");
        assertTrue(server.server().store().messages().latest(room).isPresent());

        assertEquals(204, alice.delete("/api/rooms/" + room).status());

        assertError(alice.get("/api/rooms/" + room), 404, "room_not_found");
        assertTrue(server.server().store().members().listByRoom(room).isEmpty());
        assertTrue(server.server().store().messages().after(room, 0, 100).isEmpty());
        assertEquals(1, bob.get("/api/rooms").json().get("rooms").size());
        assertEquals(kept, bob.get("/api/rooms").json().at("/rooms/0/id").asText());
    }

    @Test
    void every_change_leaves_a_system_message() {
        String room = createRoom(alice, "r", "bob");
        alice.patch("/api/rooms/" + room, "{\"name\":\"renamed\"}");
        alice.patch("/api/rooms/" + room, "{\"description\":\"new words\"}");
        alice.post("/api/rooms/" + room + "/members", "{\"usernames\":[\"carol\",\"dave\"]}");
        alice.patch("/api/rooms/" + room + "/members/" + id(carol), "{\"role\":\"admin\"}");
        alice.delete("/api/rooms/" + room + "/members/" + id(dave));
        bob.post("/api/rooms/" + room + "/leave", null);

        assertEquals(
                List.of(
                        "room_created",
                        "members_added",
                        "room_updated",
                        "room_updated",
                        "members_added",
                        "role_changed",
                        "member_removed",
                        "member_left"),
                systemTypes(alice, room));
        JsonNode history = alice.get("/api/rooms/" + room + "/messages").json().get("messages");
        JsonNode rename = history.get(2);
        assertEquals("renamed", rename.at("/system/name").asText());
        assertEquals("r", rename.at("/system/previousName").asText());
        assertEquals("alice", rename.at("/system/by/username").asText());
        JsonNode removal = history.get(6);
        assertEquals("dave", removal.at("/system/user/username").asText());
        for (int i = 0; i < history.size(); i++) {
            assertEquals(i + 1, history.get(i).get("seq").asLong(), "seqs have no gaps");
        }
    }

    @Test
    void the_dashboard_lists_my_rooms_with_role_size_last_message_and_unread_by_activity() {
        String first = createRoom(alice, "first", "bob");
        String second = createRoom(bob, "second", "alice", "carol");
        createRoom(carol, "not mine");

        JsonNode rooms = alice.get("/api/rooms").json().get("rooms");

        assertEquals(2, rooms.size());
        assertEquals(second, rooms.get(0).get("id").asText(), "most recent activity first");
        assertEquals("member", rooms.get(0).get("role").asText());
        assertEquals(3, rooms.get(0).get("memberCount").asInt());
        assertEquals(2, rooms.get(0).get("unread").asLong(), "bob's room_created and members_added");
        assertEquals(
                "members_added", rooms.get(0).at("/lastMessage/system/type").asText());
        assertEquals(first, rooms.get(1).get("id").asText());
        assertEquals("owner", rooms.get(1).get("role").asText());
        assertEquals(0, rooms.get(1).get("unread").asLong(), "nothing alice did herself is unread for her");

        alice.patch("/api/rooms/" + first, "{\"name\":\"first, renamed\"}");

        JsonNode after = alice.get("/api/rooms").json().get("rooms");
        assertEquals(first, after.get(0).get("id").asText(), "the rename is the latest activity");
        JsonNode bobs = bob.get("/api/rooms").json().get("rooms");
        assertEquals(first, bobs.get(0).get("id").asText());
        assertEquals(3, bobs.get(0).get("unread").asLong(), "created, bob added, renamed: all by alice");
        assertEquals("first, renamed", bobs.get(0).get("name").asText());
    }

    @Test
    void history_pages_backwards_and_checks_its_parameters() {
        String room = createRoom(alice, "r", "bob");
        for (int i = 0; i < 5; i++) {
            alice.patch("/api/rooms/" + room, "{\"description\":\"d" + i + "\"}");
        }

        JsonNode page = alice.get("/api/rooms/" + room + "/messages?limit=3").json();
        assertEquals(List.of(5L, 6L, 7L), seqs(page.get("messages")));
        assertTrue(page.get("hasMore").asBoolean());
        JsonNode older =
                alice.get("/api/rooms/" + room + "/messages?before=5&limit=3").json();
        assertEquals(List.of(2L, 3L, 4L), seqs(older.get("messages")));
        JsonNode oldest =
                alice.get("/api/rooms/" + room + "/messages?before=2&limit=3").json();
        assertEquals(List.of(1L), seqs(oldest.get("messages")));
        assertFalse(oldest.get("hasMore").asBoolean());

        assertError(alice.get("/api/rooms/" + room + "/messages?limit=101"), 400, "invalid_parameter");
        assertError(alice.get("/api/rooms/" + room + "/messages?limit=0"), 400, "invalid_parameter");
        assertError(alice.get("/api/rooms/" + room + "/messages?before=abc"), 400, "invalid_parameter");
        assertNotEquals(
                500, alice.get("/api/rooms/" + room + "/messages?before[$ne]=1").status());
    }

    private static List<Long> seqs(JsonNode messages) {
        List<Long> out = new ArrayList<>();
        messages.forEach(m -> out.add(m.get("seq").asLong()));
        return out;
    }
}
