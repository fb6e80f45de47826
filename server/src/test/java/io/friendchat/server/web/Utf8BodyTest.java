package io.friendchat.server.web;

import static io.friendchat.server.testing.Problems.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.friendchat.server.testing.ApiClient;
import io.friendchat.server.testing.Backend;
import io.friendchat.server.testing.ServerFixture;
import io.friendchat.server.testing.TestServer;
import io.friendchat.server.testing.TestServer.Response;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A request body that is not valid UTF-8 is refused whole; nothing of it is decoded or stored. */
class Utf8BodyTest {
    @RegisterExtension
    final ServerFixture fixture = ServerFixture.unstarted();

    private Response post(ApiClient who, String path, byte[] body) {
        TestServer server = fixture.server();
        return server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Content-Type", "application/json")
                .header("Origin", server.baseUrl())
                .header("Cookie", SessionCookie.NAME + "=" + who.sessionToken())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private static byte[] bytes(String before, int[] raw, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        for (int b : raw) {
            out.write(b);
        }
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void invalid_utf8_in_a_body_is_malformed_json_and_nothing_is_stored(Backend backend) {
        fixture.start(backend, "alice");
        ApiClient alice = fixture.user("alice");
        Map<String, int[]> invalid = Map.of(
                "overlong '<'", new int[] {0xC0, 0xBC},
                "overlong '/' in three bytes", new int[] {0xE0, 0x80, 0xAF},
                "lone continuation byte", new int[] {0x80},
                "truncated sequence", new int[] {0xE2, 0x82},
                "encoded surrogate", new int[] {0xED, 0xA0, 0x80},
                "beyond U+10FFFF", new int[] {0xF4, 0x90, 0x80, 0x80},
                "0xFF", new int[] {0xFF});

        invalid.forEach((what, raw) -> {
            Response r = post(alice, "/api/rooms", bytes("{\"name\":\"a", raw, "script\"}"));
            assertError(r, 400, "malformed_json");
            assertTrue(r.json().get("message").asText().contains("UTF-8"), what + ": " + r.body());
        });

        assertEquals(0, alice.get("/api/rooms").json().get("rooms").size(), "nothing was stored");
        Response valid =
                post(alice, "/api/rooms", "{\"name\":\"caf\u00e9 \uD83D\uDE00\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(201, valid.status(), "valid UTF-8 is still accepted: " + valid.body());
        assertEquals("caf\u00e9 \uD83D\uDE00", valid.json().at("/room/name").asText());
    }
}
