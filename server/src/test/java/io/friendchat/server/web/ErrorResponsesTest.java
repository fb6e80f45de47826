package io.friendchat.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.friendchat.server.testing.Backend;
import io.friendchat.server.testing.ServerFixture;
import io.friendchat.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ErrorResponsesTest {
    @RegisterExtension
    final ServerFixture fixture = ServerFixture.on(Backend.SQLITE);

    TestServer server;

    @BeforeEach
    void start() {
        server = fixture.server();
    }

    @Test
    void unknown_api_route_gets_a_json_404() {
        TestServer.Response response = server.get("/api/no-such-thing");

        assertEquals(404, response.status());
        assertTrue(response.header("Content-Type").startsWith("application/json"));
        assertEquals("not_found", response.json().get("code").asText());
        assertTrue(response.json().get("message").asText().contains("/api/no-such-thing"));
    }

    @Test
    void unknown_api_route_with_another_method_gets_a_json_404() {
        TestServer.Response response = server.client().delete("/api/x");

        assertEquals(404, response.status());
        assertEquals("not_found", response.json().get("code").asText());
    }

    @Test
    void a_state_change_without_origin_is_refused_before_routing() {
        TestServer.Response response = server.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/x")).DELETE());

        assertEquals(403, response.status());
        assertEquals("csrf", response.json().get("code").asText());
    }

    @Test
    void unknown_page_gets_an_html_404() {
        TestServer.Response response = server.get("/no/such/page");

        assertEquals(404, response.status());
        assertTrue(response.header("Content-Type").startsWith("text/html"));
        assertTrue(response.body().contains("Page not found"));
    }

    @Test
    void every_response_carries_a_request_id() {
        assertNotNull(server.get("/healthz").header("X-Request-Id"));
        assertNotNull(server.get("/api/nope").header("X-Request-Id"));
    }

    @Test
    void the_web_app_is_served_from_the_root() {
        TestServer.Response response = server.get("/");

        assertEquals(200, response.status());
        assertTrue(response.body().contains("FriendChat"));
        assertFalse(response.body().contains("Exception"));
    }
}
