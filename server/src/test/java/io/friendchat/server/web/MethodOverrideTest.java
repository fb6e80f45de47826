package io.friendchat.server.web;

import static io.friendchat.server.testing.Problems.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.friendchat.server.testing.ApiClient;
import io.friendchat.server.testing.Backend;
import io.friendchat.server.testing.ServerFixture;
import io.friendchat.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Javalin would route by {@code X-HTTP-Method-Override}; the server refuses it instead. */
class MethodOverrideTest {
    @RegisterExtension
    final ServerFixture fixture = ServerFixture.on(Backend.SQLITE).withUsers("alice");

    private TestServer server;
    private ApiClient alice;
    private String roomId;

    @BeforeEach
    void start() {
        server = fixture.server();
        alice = fixture.user("alice");
        roomId = fixture.createRoom(alice, "general");
    }

    private TestServer.Response send(String method, String path, String override) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("X-HTTP-Method-Override", override)
                .header("Origin", server.baseUrl())
                .header("X-Requested-With", "FriendChat")
                .header("Cookie", SessionCookie.NAME + "=" + alice.sessionToken())
                .method(
                        method,
                        method.equals("GET")
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString("{}"));
        if (!method.equals("GET")) {
            request.header("Content-Type", "application/json");
        }
        return server.send(request);
    }

    @Test
    void a_get_post_or_patch_with_a_delete_override_is_refused_and_deletes_nothing() {
        for (String method : List.of("GET", "POST", "PATCH")) {
            for (String value : List.of("DELETE", "delete")) {
                assertError(send(method, "/api/rooms/" + roomId, value), 400, "method_override_refused");

                assertEquals(200, alice.get("/api/rooms/" + roomId).status(), method + " with an override deleted it");
            }
        }
    }

    @Test
    void an_override_cannot_reach_any_other_route_either() {
        assertError(send("POST", "/api/rooms/" + roomId, "PATCH"), 400, "method_override_refused");
        assertError(send("GET", "/api/auth/logout", "POST"), 400, "method_override_refused");

        assertEquals(200, alice.get("/api/me").status(), "the session was not ended");
        assertEquals(
                "general",
                alice.get("/api/rooms/" + roomId).json().at("/room/name").asText());
    }
}
