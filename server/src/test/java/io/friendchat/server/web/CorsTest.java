package io.friendchat.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.friendchat.server.testing.ApiClient;
import io.friendchat.server.testing.Backend;
import io.friendchat.server.testing.ServerFixture;
import io.friendchat.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CorsTest {
    private static final String ALLOWED = "https://app.example.com";
    private static final String OTHER = "https://evil.example";

    @RegisterExtension
    final ServerFixture fixture = ServerFixture.unstarted();

    TestServer server;

    @BeforeEach
    void start() {
        server = fixture.start(Backend.SQLITE, Map.of("FRIENDCHAT_ALLOWED_ORIGINS", ALLOWED), Clock.systemUTC());
    }

    private TestServer.Response preflight(String origin, String method) {
        return server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/auth/signup"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", method)
                .header("Access-Control-Request-Headers", "content-type"));
    }

    private static void assertNoCorsHeaders(TestServer.Response response) {
        response.raw()
                .headers()
                .map()
                .keySet()
                .forEach(name -> assertTrue(!name.toLowerCase().startsWith("access-control-"), "unexpected " + name));
    }

    @Test
    void allowed_origin_preflight_is_answered_with_credentials() {
        TestServer.Response response = preflight(ALLOWED, "POST");

        assertEquals(204, response.status());
        assertEquals(ALLOWED, response.header("Access-Control-Allow-Origin"));
        assertEquals("true", response.header("Access-Control-Allow-Credentials"));
        assertTrue(response.header("Access-Control-Allow-Methods").contains("POST"));
        assertEquals("content-type", response.header("Access-Control-Allow-Headers"));
        assertTrue(response.raw().headers().allValues("Vary").contains("Origin"));
    }

    @Test
    void allowed_origin_calls_the_api_with_its_session_cookie() {
        ApiClient app = server.client().withOrigin(ALLOWED);

        TestServer.Response signup = app.post(
                "/api/auth/signup",
                "{\"username\":\"alice\",\"email\":\"alice@example.com\",\"password\":\"" + ApiClient.password("alice")
                        + "\"}");
        assertEquals(201, signup.status(), signup.body());
        assertEquals(ALLOWED, signup.header("Access-Control-Allow-Origin"));
        assertEquals("true", signup.header("Access-Control-Allow-Credentials"));

        // A browser sends Origin on a credentialed cross-origin GET too.
        TestServer.Response me = server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/me"))
                .header("Origin", ALLOWED)
                .header("Cookie", SessionCookie.NAME + "=" + app.sessionToken()));
        assertEquals(200, me.status(), me.body());
        assertEquals(ALLOWED, me.header("Access-Control-Allow-Origin"));
        assertEquals("true", me.header("Access-Control-Allow-Credentials"));
    }

    @Test
    void another_origin_gets_no_cors_headers() {
        TestServer.Response get = server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/healthz"))
                .header("Origin", OTHER));
        assertEquals(200, get.status());
        assertNoCorsHeaders(get);

        TestServer.Response pre = preflight(OTHER, "POST");
        assertEquals(403, pre.status());
        assertNoCorsHeaders(pre);

        TestServer.Response post = server.client()
                .withOrigin(OTHER)
                .post(
                        "/api/auth/signup",
                        "{\"username\":\"mallory\",\"email\":\"m@example.com\",\"password\":\""
                                + ApiClient.password("mallory") + "\"}");
        assertEquals(403, post.status(), "the CSRF check refuses it");
        assertNoCorsHeaders(post);
    }

    @Test
    void same_origin_requests_need_and_get_no_cors_headers() {
        TestServer.Response response = server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/healthz"))
                .header("Origin", server.baseUrl()));

        assertEquals(200, response.status());
        assertNull(response.header("Access-Control-Allow-Origin"));
    }
}
