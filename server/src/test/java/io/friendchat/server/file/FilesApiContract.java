package io.friendchat.server.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.friendchat.server.testing.ApiClient;
import io.friendchat.server.testing.Backend;
import io.friendchat.server.testing.ServerFixture;
import io.friendchat.server.testing.SocketClient;
import io.friendchat.server.testing.TestServer;
import io.friendchat.server.testing.TestServer.Response;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.json.JSONObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Uploads and downloads over HTTP on a real server, with a 64 KiB upload limit; one subclass per store. */
public abstract class FilesApiContract {
    private static final int LIMIT = 64 * 1024;

    @RegisterExtension
    final ServerFixture fixture = ServerFixture.unstarted().withUsers("alice", "bob", "carol");

    private final Backend backend;
    private TestServer server;
    private ApiClient alice;
    private ApiClient bob;
    private ApiClient carol;
    private String roomId;

    protected FilesApiContract(Backend backend) {
        this.backend = backend;
    }

    @BeforeEach
    void start() {
        server = fixture.start(backend, Map.of("FRIENDCHAT_MAX_UPLOAD_BYTES", "64k"), Clock.systemUTC());
        alice = fixture.user("alice");
        bob = fixture.user("bob");
        carol = fixture.user("carol");
        roomId = fixture.createRoom(alice, "Photos", "bob");
    }

    private Response upload(ApiClient who, String room, String name, HttpRequest.BodyPublisher body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/rooms/" + room
                        + "/files?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8)))
                .POST(body)
                .header("Content-Type", "application/octet-stream")
                .header("X-Requested-With", "FriendChat")
                .header("Origin", server.baseUrl())
                .header("Cookie", "fc_session=" + who.sessionToken());
        return server.send(request);
    }

    private Response upload(ApiClient who, String name, byte[] bytes) {
        return upload(who, roomId, name, HttpRequest.BodyPublishers.ofByteArray(bytes));
    }

    private HttpResponse<byte[]> fetch(ApiClient who, String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                                .header("Cookie", "fc_session=" + who.sessionToken())
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Waits until the file answers 404: it is deleted just after the message that carried it. */
    private void awaitGone(ApiClient who, String fileId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        int status = fetch(who, "/api/files/" + fileId).statusCode();
        while (status != 404 && System.nanoTime() < deadline) {
            Thread.sleep(25);
            status = fetch(who, "/api/files/" + fileId).statusCode();
        }
        assertEquals(404, status, "the file of the deleted message is still served");
    }

    private static byte[] png(int width, int height) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        image.setRGB(1, 1, 0xff0000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static void assertError(Response r, int status, String code) {
        assertEquals(status, r.status(), r.body());
        assertEquals(code, r.json().get("code").asText(), r.body());
    }

    @Test
    void an_image_gets_a_thumbnail_and_is_served_inline_to_members_only() throws Exception {
        byte[] png = png(800, 400);
        Response r = upload(alice, "beach.png", png);

        assertEquals(201, r.status(), r.body());
        JsonNode file = r.json().get("file");
        assertEquals("image/png", file.get("type").asText());
        assertTrue(file.get("image").asBoolean());
        assertEquals(800, file.get("width").asInt());
        assertEquals(png.length, file.get("size").asLong());
        HttpResponse<byte[]> full = fetch(bob, file.get("url").asText());
        assertEquals(200, full.statusCode());
        assertEquals("image/png", full.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(
                "nosniff", full.headers().firstValue("X-Content-Type-Options").orElseThrow());
        assertTrue(
                full.headers().firstValue("Content-Disposition").orElseThrow().startsWith("inline"));
        assertEquals(png.length, full.body().length);
        HttpResponse<byte[]> thumb = fetch(bob, file.get("thumbnailUrl").asText());
        BufferedImage small = ImageIO.read(new ByteArrayInputStream(thumb.body()));
        assertEquals(320, small.getWidth());
        assertEquals(160, small.getHeight());

        assertEquals(404, fetch(carol, file.get("url").asText()).statusCode());
        assertEquals(404, fetch(carol, file.get("thumbnailUrl").asText()).statusCode());
    }

    @Test
    void html_disguised_as_an_image_is_served_as_a_download_never_inline() throws Exception {
        byte[] html = "<html><script>alert(document.cookie)</script></html>".getBytes(StandardCharsets.UTF_8);
        Response r = upload(alice, "cute-cat.png", html);

        assertEquals(201, r.status(), r.body());
        JsonNode file = r.json().get("file");
        assertFalse(file.get("image").asBoolean());
        assertEquals("application/octet-stream", file.get("type").asText());
        assertTrue(file.get("thumbnailUrl").isNull());
        HttpResponse<byte[]> got = fetch(bob, file.get("url").asText());
        assertEquals(
                "application/octet-stream",
                got.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(got.headers().firstValue("Content-Disposition").orElseThrow().startsWith("attachment"));
        assertEquals(
                "nosniff", got.headers().firstValue("X-Content-Type-Options").orElseThrow());
        assertEquals(404, fetch(bob, file.get("url").asText() + "/thumbnail").statusCode());
    }

    @Test
    void an_executable_or_a_broken_image_downloads_as_a_file() throws Exception {
        byte[] exe = new byte[300];
        exe[0] = 'M';
        exe[1] = 'Z';
        JsonNode file = upload(alice, "setup.jpg", exe).json().get("file");
        assertFalse(file.get("image").asBoolean());
        // PNG's signature over bytes that are no image.
        byte[] fake = new byte[100];
        System.arraycopy(png(2, 2), 0, fake, 0, 8);
        JsonNode broken = upload(alice, "x.png", fake).json().get("file");
        assertFalse(broken.get("image").asBoolean());
        assertTrue(fetch(bob, broken.get("url").asText())
                .headers()
                .firstValue("Content-Disposition")
                .orElseThrow()
                .startsWith("attachment"));
    }

    @Test
    void an_oversized_upload_is_refused_with_413_and_nothing_is_stored() {
        Response declared = upload(alice, "big.bin", new byte[LIMIT + 1]);
        assertError(declared, 413, "file_too_large");

        // No Content-Length (chunked): refused as soon as the count passes the limit.
        Response streamed = upload(
                alice,
                roomId,
                "big.bin",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[LIMIT * 3])));
        assertError(streamed, 413, "file_too_large");

        assertEquals(201, upload(alice, "just-fits.bin", new byte[LIMIT]).status());
    }

    @Test
    void a_file_name_that_tries_traversal_is_refused_and_others_are_cleaned() {
        assertError(upload(alice, "../../etc/passwd", new byte[] {1}), 400, "invalid_file_name");
        assertError(upload(alice, "..\\boot.ini", new byte[] {1}), 400, "invalid_file_name");
        assertError(upload(alice, "..", new byte[] {1}), 400, "invalid_file_name");

        JsonNode file =
                upload(alice, ".hidden\u202Egpj.exe", new byte[] {1}).json().get("file");
        assertEquals("_hiddengpj.exe", file.get("name").asText());
    }

    @Test
    void a_download_path_that_tries_traversal_finds_nothing() throws Exception {
        for (String path : new String[] {
            "/api/files/..%2F..%2Ffriendchat.db",
            "/api/files/%2e%2e/%2e%2e/friendchat.db",
            "/api/files/..%5Cfriendchat.db"
        }) {
            HttpResponse<byte[]> r = fetch(bob, path);
            assertTrue(r.statusCode() == 400 || r.statusCode() == 404, path + " answered " + r.statusCode());
            assertFalse(new String(r.body(), StandardCharsets.ISO_8859_1).contains("SQLite format"), path);
        }
    }

    @Test
    void only_members_upload_and_empty_files_are_refused() {
        assertError(upload(carol, "x.txt", new byte[] {1}), 404, "room_not_found");
        assertError(upload(alice, "empty.txt", new byte[0]), 400, "empty_file");
        assertError(bob.get("/api/files/not-an-id"), 404, "file_not_found");
    }

    private static JSONObject json(Object... keyValues) throws Exception {
        JSONObject o = new JSONObject();
        for (int i = 0; i < keyValues.length; i += 2) {
            o.put((String) keyValues[i], keyValues[i + 1]);
        }
        return o;
    }

    @Test
    void a_message_carries_its_file_to_the_room_and_deleting_it_deletes_the_file() throws Exception {
        String fileId =
                upload(alice, "beach.png", png(40, 20)).json().at("/file/id").asText();
        SocketClient alices = fixture.connect(alice);
        SocketClient bobs = fixture.connect(bob);
        bobs.request("room:join", json("roomId", roomId));

        JSONObject ack = alices.request("message:send", json("roomId", roomId, "clientId", "c1", "fileId", fileId));
        JSONObject sent = ack.getJSONObject("message");
        assertEquals("", sent.getString("body"));
        assertEquals(fileId, sent.getJSONObject("attachment").getString("id"));
        assertTrue(sent.getJSONObject("attachment").getBoolean("image"));
        JSONObject live = bobs.next("message:new");
        assertEquals(
                fileId,
                live.getJSONObject("message").getJSONObject("attachment").getString("id"));
        JsonNode history = bob.get("/api/rooms/" + roomId + "/messages").json().get("messages");
        assertEquals(
                fileId, history.get(history.size() - 1).at("/attachment/id").asText());

        JSONObject retry = alices.request("message:send", json("roomId", roomId, "clientId", "c1", "fileId", fileId));
        assertEquals(sent.getString("id"), retry.getJSONObject("message").getString("id"));
        JSONObject again = alices.request("message:send", json("roomId", roomId, "clientId", "c2", "fileId", fileId));
        assertEquals("invalid_attachment", again.getJSONObject("error").getString("code"), again.toString());
        JSONObject stolen = bobs.request("message:send", json("roomId", roomId, "clientId", "c3", "fileId", fileId));
        assertEquals("invalid_attachment", stolen.getJSONObject("error").getString("code"), stolen.toString());

        JSONObject deleted =
                alices.request("message:delete", json("roomId", roomId, "messageId", sent.getString("id")));
        assertFalse(deleted.getJSONObject("message").has("attachment"), deleted.toString());
        bobs.next("message:changed");
        awaitGone(alice, fileId);
        assertEquals(404, fetch(bob, "/api/files/" + fileId).statusCode());
        // Deleting the file is a write of its own, which must not hold up the writes after it.
        JSONObject later = alices.request("message:send", json("roomId", roomId, "clientId", "c4", "text", "still on"));
        assertEquals("still on", later.getJSONObject("message").getString("body"), later.toString());
    }

    @Test
    void deleting_the_room_deletes_its_files_with_their_bytes() throws Exception {
        String imageId =
                upload(alice, "beach.png", png(40, 20)).json().at("/file/id").asText();
        String fileId = upload(bob, "notes.txt", new byte[] {1, 2, 3})
                .json()
                .at("/file/id")
                .asText();
        String otherRoom = fixture.createRoom(alice, "Kept", "bob");
        String keptId = upload(alice, otherRoom, "kept.txt", HttpRequest.BodyPublishers.ofByteArray(new byte[] {4}))
                .json()
                .at("/file/id")
                .asText();
        Backend.Target stored = new Backend.Target(
                backend,
                server.server().config().dataDir(),
                server.server().config().mongoUri());
        assertTrue(StoredBytes.exist(stored, imageId));
        assertTrue(StoredBytes.exist(stored, fileId));

        assertEquals(204, alice.delete("/api/rooms/" + roomId).status());

        for (String id : List.of(imageId, fileId)) {
            assertEquals(404, fetch(alice, "/api/files/" + id).statusCode());
            assertFalse(StoredBytes.exist(stored, id), id);
        }
        assertFalse(server.server().store().files().roomIds().contains(roomId));
        assertEquals(200, fetch(bob, "/api/files/" + keptId).statusCode());
        assertTrue(StoredBytes.exist(stored, keptId));
    }
}
