package io.friendchat.server.people;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.friendchat.server.account.User;
import io.friendchat.server.common.Ids;
import io.friendchat.server.testing.ApiClient;
import io.friendchat.server.testing.Backend;
import io.friendchat.server.testing.MutableClock;
import io.friendchat.server.testing.ServerFixture;
import io.friendchat.server.testing.SocketClient;
import io.friendchat.server.testing.TestServer;
import io.friendchat.server.testing.TestServer.Response;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.json.JSONObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Finding people, avatars, blocks, direct messages, public rooms and invite links over HTTP; one subclass per store. */
public abstract class SharingApiContract {
    @RegisterExtension
    final ServerFixture fixture = ServerFixture.unstarted().withUsers("alice", "bob", "carol", "annabel");

    private final Backend backend;
    private final MutableClock clock = new MutableClock();
    private TestServer server;
    private ApiClient alice;
    private ApiClient bob;
    private ApiClient carol;

    protected SharingApiContract(Backend backend) {
        this.backend = backend;
    }

    @BeforeEach
    void start() {
        server = fixture.start(backend, Map.of(), clock);
        alice = fixture.user("alice");
        bob = fixture.user("bob");
        carol = fixture.user("carol");
    }

    private static void assertError(Response r, int status, String code) {
        assertEquals(status, r.status(), r.body());
        assertEquals(code, r.json().get("code").asText(), r.body());
        assertFalse(r.json().get("message").asText().isBlank());
    }

    private static List<String> usernames(Response r) {
        List<String> names = new ArrayList<>();
        r.json().get("users").forEach(u -> names.add(u.get("username").asText()));
        return names;
    }

    @Test
    void people_are_found_by_the_start_of_their_name_without_private_fields() {
        bob.patch("/api/me", "{\"displayName\":\"Anders Bob\"}");

        Response r = carol.get("/api/users?q=AN");

        assertEquals(200, r.status(), r.body());
        assertEquals(List.of("annabel", "bob"), usernames(r));
        JsonNode first = r.json().at("/users/0");
        assertTrue(first.has("displayName"));
        assertFalse(first.has("email"), r.body());
        assertFalse(r.body().contains("@example.com"), r.body());
        assertFalse(r.body().contains("passwordHash"), r.body());
    }

    @Test
    void deactivated_people_are_not_found_and_a_blank_search_is_refused() {
        server.server().store().users().setDeactivated(fixture.user("annabel").userId(), true);

        assertEquals(List.of(), usernames(carol.get("/api/users?q=ann")));
        assertError(carol.get("/api/users?q=%20"), 400, "invalid_query");
        assertError(carol.get("/api/users"), 400, "invalid_query");
        assertError(server.client().get("/api/users?q=a"), 401, "unauthorized");
    }

    @Test
    void searching_too_fast_is_rate_limited() {
        int limited = 0;
        for (int i = 0; i < 15; i++) {
            if (carol.get("/api/users?q=a").status() == 429) {
                limited++;
            }
        }
        assertTrue(limited > 0, "a burst of 15 searches in one instant goes over the limit of 10");
    }

    @Test
    void people_you_block_are_not_found_by_your_search_until_you_unblock_them() {
        assertEquals(List.of("bob"), usernames(alice.get("/api/users?q=bob")));

        assertEquals(
                204, alice.send("PUT", "/api/me/blocks/" + bob.userId(), null).status());

        assertEquals(List.of(), usernames(alice.get("/api/users?q=bob")));
        assertEquals(List.of("bob"), usernames(carol.get("/api/users?q=bob")));
        assertEquals(204, alice.delete("/api/me/blocks/" + bob.userId()).status());
        assertEquals(List.of("bob"), usernames(alice.get("/api/users?q=bob")));
    }

    @Test
    void a_search_stays_a_full_page_when_people_you_block_would_have_filled_it() {
        List<String> ids = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            String name = String.format("zed%02d", i);
            String id = Ids.newId();
            server.server()
                    .store()
                    .users()
                    .create(new User(id, name, name + "@example.com", name, "not-a-hash", Instant.now()));
            ids.add(id);
            if (i >= 3) {
                expected.add(name);
            }
        }
        for (String id : ids.subList(0, 3)) {
            assertEquals(204, alice.send("PUT", "/api/me/blocks/" + id, null).status());
        }

        assertEquals(expected, usernames(alice.get("/api/users?q=zed")));
    }

    private static byte[] png(int width, int height) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0xFF0000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private HttpResponse<byte[]> putAvatar(ApiClient who, byte[] body, String contentType) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/me/avatar"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", contentType)
                .header("X-Requested-With", "FriendChat")
                .header("Origin", server.baseUrl())
                .header("Cookie", io.friendchat.server.web.SessionCookie.NAME + "=" + who.sessionToken())
                .build();
        return java.net.http.HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void an_avatar_is_redrawn_as_a_small_square_png_and_served_with_nosniff() throws Exception {
        byte[] upload = png(300, 200);
        HttpResponse<byte[]> put = putAvatar(bob, upload, "text/html");
        assertEquals(200, put.statusCode(), new String(put.body()));
        String url = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(put.body())
                .at("/user/avatarUrl")
                .asText();
        assertTrue(url.matches("/api/users/[0-9a-f]{24}/avatar\\?v=\\d+"), url);

        Response served = carol.get(url);
        assertEquals(200, served.status());
        assertEquals(
                "image/png", served.raw().headers().firstValue("Content-Type").orElseThrow());
        assertEquals(
                "nosniff",
                served.raw().headers().firstValue("X-Content-Type-Options").orElseThrow());
        HttpResponse<byte[]> bytes = java.net.http.HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.baseUrl() + url))
                                .header(
                                        "Cookie",
                                        io.friendchat.server.web.SessionCookie.NAME + "=" + carol.sessionToken())
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        BufferedImage avatar = ImageIO.read(new ByteArrayInputStream(bytes.body()));
        assertEquals(128, avatar.getWidth());
        assertEquals(128, avatar.getHeight());
        assertNotEquals(upload.length, bytes.body().length);

        String roomId = fixture.createRoom(alice, "with bob", "bob");
        // Members of one instant are listed in id order, which is random here: find bob by id.
        com.fasterxml.jackson.databind.JsonNode bobAsMember = null;
        for (com.fasterxml.jackson.databind.JsonNode member :
                alice.get("/api/rooms/" + roomId).json().at("/room/members")) {
            if (member.get("id").asText().equals(bob.userId())) {
                bobAsMember = member;
            }
        }
        assertEquals(
                url, bobAsMember == null ? null : bobAsMember.get("avatarUrl").asText());
        assertEquals(
                url,
                alice.get("/api/users?q=bob").json().at("/users/0/avatarUrl").asText());
    }

    @Test
    void a_disguised_or_oversized_avatar_is_refused_and_nothing_changes() throws Exception {
        byte[] html = "<html><script>alert(1)</script></html>".getBytes();
        HttpResponse<byte[]> disguised = putAvatar(bob, html, "image/png");
        assertEquals(400, disguised.statusCode());
        assertTrue(new String(disguised.body()).contains("invalid_image"));

        byte[] broken = png(10, 10);
        broken = java.util.Arrays.copyOf(broken, 20);
        assertEquals(400, putAvatar(bob, broken, "image/png").statusCode());

        HttpResponse<byte[]> huge = putAvatar(bob, new byte[3 * 1024 * 1024], "image/png");
        assertEquals(413, huge.statusCode());
        assertTrue(new String(huge.body()).contains("content_too_large"));

        assertTrue(bob.get("/api/users?q=bob").json().at("/users/0/avatarUrl").isNull());
        assertError(carol.get("/api/users/" + bob.userId() + "/avatar"), 404, "avatar_not_found");
    }

    @Test
    void a_second_dm_with_the_same_person_returns_the_same_conversation() {
        Response first = alice.post("/api/dms", "{\"userId\":\"" + bob.userId() + "\"}");
        assertEquals(201, first.status(), first.body());
        assertTrue(first.json().get("created").asBoolean());
        String dm = first.json().at("/room/id").asText();
        assertEquals("direct", first.json().at("/room/kind").asText());

        Response again = bob.post("/api/dms", "{\"userId\":\"" + alice.userId() + "\"}");
        assertEquals(200, again.status(), again.body());
        assertFalse(again.json().get("created").asBoolean());
        assertEquals(dm, again.json().at("/room/id").asText());

        JsonNode row = bob.get("/api/rooms").json().get("rooms").get(0);
        assertEquals("direct", row.get("kind").asText());
        assertEquals("alice", row.at("/peer/username").asText());
        assertFalse(row.get("peer").has("email"));
    }

    @Test
    void concurrent_first_dms_make_exactly_one_conversation() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Response>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                ApiClient who = i % 2 == 0 ? alice : bob;
                String other = (i % 2 == 0 ? bob : alice).userId();
                calls.add(pool.submit(() -> who.post("/api/dms", "{\"userId\":\"" + other + "\"}")));
            }
            Set<String> ids = new HashSet<>();
            for (Future<Response> call : calls) {
                ids.add(call.get().json().at("/room/id").asText());
            }
            assertEquals(1, ids.size(), ids.toString());
            assertEquals(
                    2,
                    server.server()
                            .store()
                            .members()
                            .listByRoom(ids.iterator().next())
                            .size());
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void a_dm_has_no_settings_roles_or_other_members() {
        String dm = alice.post("/api/dms", "{\"userId\":\"" + bob.userId() + "\"}")
                .json()
                .at("/room/id")
                .asText();

        assertError(alice.post("/api/dms", "{\"userId\":\"" + alice.userId() + "\"}"), 400, "direct_with_self");
        assertError(alice.post("/api/dms", "{\"userId\":\"0123456789abcdef01234567\"}"), 404, "user_not_found");
        assertError(alice.patch("/api/rooms/" + dm, "{\"name\":\"x\"}"), 403, "direct_message");
        assertError(alice.post("/api/rooms/" + dm + "/members", "{\"usernames\":[\"carol\"]}"), 403, "direct_message");
        assertError(alice.post("/api/rooms/" + dm + "/invites", "{}"), 403, "direct_message");
        assertError(alice.post("/api/rooms/" + dm + "/leave", null), 403, "direct_message");
        assertError(carol.get("/api/rooms/" + dm), 404, "room_not_found");
        assertError(carol.post("/api/rooms/" + dm + "/join", null), 404, "room_not_found");
    }

    @Test
    void blocking_stops_direct_messages_until_lifted() throws Exception {
        String dm = alice.post("/api/dms", "{\"userId\":\"" + bob.userId() + "\"}")
                .json()
                .at("/room/id")
                .asText();
        SocketClient alices = fixture.connect(alice);
        SocketClient bobs = fixture.connect(bob);

        assertEquals(
                204, bob.send("PUT", "/api/me/blocks/" + alice.userId(), null).status());
        assertEquals(List.of("alice"), usernames(bob.get("/api/me/blocks")));

        JSONObject refused =
                alices.request("message:send", new JSONObject(Map.of("roomId", dm, "clientId", "c1", "text", "hi")));
        assertEquals("blocked", refused.getJSONObject("error").getString("code"), refused.toString());
        assertFalse(
                refused.getJSONObject("error").getString("message").contains("block"), "not told more than necessary");
        JSONObject ownWay =
                bobs.request("message:send", new JSONObject(Map.of("roomId", dm, "clientId", "c2", "text", "hi")));
        assertEquals("blocked", ownWay.getJSONObject("error").getString("code"));
        assertTrue(server.server().store().messages().after(dm, 0, 10).stream()
                .noneMatch(m -> m.kind() == io.friendchat.server.message.Message.Kind.TEXT));
        assertError(carol.send("PUT", "/api/me/blocks/" + carol.userId(), null), 400, "invalid_block");
        bob.send("PUT", "/api/me/blocks/" + carol.userId(), null);
        assertError(carol.post("/api/dms", "{\"userId\":\"" + bob.userId() + "\"}"), 403, "blocked");

        assertEquals(204, bob.delete("/api/me/blocks/" + alice.userId()).status());
        JSONObject sent =
                alices.request("message:send", new JSONObject(Map.of("roomId", dm, "clientId", "c3", "text", "hi")));
        assertEquals("hi", sent.getJSONObject("message").getString("body"), sent.toString());
    }

    private String publicRoom(ApiClient owner, String name) {
        Response r = owner.post("/api/rooms", "{\"name\":\"" + name + "\",\"visibility\":\"public\"}");
        assertEquals(201, r.status(), r.body());
        assertEquals("public", r.json().at("/room/visibility").asText());
        return r.json().at("/room/id").asText();
    }

    @Test
    void public_rooms_are_browsed_in_pages_and_joined_with_a_system_message() throws Exception {
        String older = publicRoom(alice, "Older");
        clock.advance(Duration.ofSeconds(1));
        String newer = publicRoom(alice, "Newer");
        fixture.createRoom(alice, "Secret");
        SocketClient alices = fixture.connect(alice);
        alices.request("room:join", new JSONObject(Map.of("roomId", older)));

        Response page = carol.get("/api/rooms/public?limit=1");
        assertEquals(200, page.status(), page.body());
        assertEquals(newer, page.json().at("/rooms/0/id").asText());
        assertTrue(page.json().get("hasMore").asBoolean());
        Response next = carol.get("/api/rooms/public?limit=1&offset=1");
        assertEquals(older, next.json().at("/rooms/0/id").asText());
        assertFalse(next.json().get("hasMore").asBoolean());
        assertFalse(next.json().at("/rooms/0/joined").asBoolean());

        Response joined = carol.post("/api/rooms/" + older + "/join", null);
        assertEquals(201, joined.status(), joined.body());
        JSONObject system = alices.next("message:new");
        assertEquals(
                "member_joined",
                system.getJSONObject("message").getJSONObject("system").getString("type"));
        assertEquals(
                "carol",
                system.getJSONObject("message")
                        .getJSONObject("system")
                        .getJSONObject("user")
                        .getString("username"));
        assertEquals(200, carol.post("/api/rooms/" + older + "/join", null).status(), "joining again changes nothing");
        assertEquals(
                2, carol.get("/api/rooms/" + older).json().at("/room/members").size());
        assertTrue(carol.get("/api/rooms/public").json().at("/rooms/1/joined").asBoolean());
    }

    @Test
    void a_private_room_cannot_be_joined_and_visibility_is_changed_by_owners_and_admins_only() {
        String secret = fixture.createRoom(alice, "Secret", "bob");
        assertError(carol.post("/api/rooms/" + secret + "/join", null), 404, "room_not_found");
        assertError(bob.patch("/api/rooms/" + secret, "{\"visibility\":\"public\"}"), 403, "forbidden");
        assertError(alice.patch("/api/rooms/" + secret, "{\"visibility\":\"open\"}"), 400, "invalid_visibility");

        assertEquals(
                200,
                alice.patch("/api/rooms/" + secret, "{\"visibility\":\"public\"}")
                        .status());
        assertEquals(201, carol.post("/api/rooms/" + secret + "/join", null).status());
    }

    private String invite(ApiClient who, String roomId, String body) {
        Response r = who.post("/api/rooms/" + roomId + "/invites", body);
        assertEquals(201, r.status(), r.body());
        return r.json().at("/invite/token").asText();
    }

    @Test
    void an_invite_link_joins_its_room_until_used_up() throws Exception {
        String room = fixture.createRoom(alice, "Club", "bob");
        assertError(bob.post("/api/rooms/" + room + "/invites", "{}"), 403, "forbidden");
        String token = invite(alice, room, "{\"maxUses\":1}");
        assertTrue(token.matches("[A-Za-z0-9_-]{22}"), token);

        assertEquals(
                "Club",
                carol.get("/api/invites/" + token).json().at("/invite/roomName").asText());
        Response accepted = carol.post("/api/invites/" + token + "/accept", null);
        assertEquals(201, accepted.status(), accepted.body());
        assertEquals(room, accepted.json().at("/room/id").asText());
        assertEquals(200, carol.post("/api/invites/" + token + "/accept", null).status(), "a member uses nothing");
        assertError(fixture.user("annabel").post("/api/invites/" + token + "/accept", null), 409, "invite_used_up");
        assertEquals(
                1,
                alice.get("/api/rooms/" + room + "/invites")
                        .json()
                        .at("/invites/0/uses")
                        .asInt());
        JsonNode history = alice.get("/api/rooms/" + room + "/messages").json().get("messages");
        JsonNode last = history.get(history.size() - 1);
        assertEquals("member_joined", last.at("/system/type").asText(), last.toString());
        assertEquals("invite", last.at("/system/via").asText());
    }

    @Test
    void expired_revoked_and_unknown_invites_are_refused_clearly() {
        String room = fixture.createRoom(alice, "Club");
        String expiring = invite(alice, room, "{\"expiresInSeconds\":60}");
        String revoked = invite(alice, room, "{}");
        assertError(alice.post("/api/rooms/" + room + "/invites", "{\"expiresInSeconds\":5}"), 400, "invalid_expiry");
        assertError(alice.post("/api/rooms/" + room + "/invites", "{\"maxUses\":0}"), 400, "invalid_max_uses");

        assertEquals(
                204, alice.delete("/api/rooms/" + room + "/invites/" + revoked).status());
        clock.advance(Duration.ofSeconds(61));

        assertError(carol.post("/api/invites/" + expiring + "/accept", null), 409, "invite_expired");
        assertError(carol.post("/api/invites/" + revoked + "/accept", null), 404, "invite_not_found");
        assertError(carol.post("/api/invites/nonsense/accept", null), 404, "invite_not_found");
        assertError(carol.get("/api/rooms/" + room), 404, "room_not_found");
        assertError(server.client().post("/api/invites/" + expiring + "/accept", null), 401, "unauthorized");
    }

    @Test
    void a_shared_invite_link_leads_into_the_web_app_with_its_token() {
        Response r = server.client().get("/invite/abcDEF123_-abcDEF123_x");
        assertEquals(302, r.status());
        assertEquals(
                "/#/invite/abcDEF123_-abcDEF123_x",
                r.raw().headers().firstValue("Location").orElseThrow());
        Response odd = server.client().get("/invite/%0d%0aSet-Cookie:%20x=1");
        assertEquals(302, odd.status());
        assertEquals("/", odd.raw().headers().firstValue("Location").orElseThrow(), "nothing odd goes into a header");
    }
}
