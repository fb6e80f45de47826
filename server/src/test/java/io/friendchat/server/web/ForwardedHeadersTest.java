package io.friendchat.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.friendchat.server.testing.ApiClient;
import io.friendchat.server.testing.Backend;
import io.friendchat.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ctx.ip()} and {@code ctx.scheme()} behind a reverse proxy, seen through what uses them:
 * the sign-up limit per client IP (one per hour here) and the session cookie's Secure flag.
 */
class ForwardedHeadersTest {
    @TempDir
    Path tempDir;

    private TestServer start(String trustedProxies) {
        Map<String, String> env = Backend.SQLITE.newTarget(tempDir).env("FRIENDCHAT_SIGNUPS_PER_IP_PER_HOUR", "1");
        if (trustedProxies != null) {
            env.put("FRIENDCHAT_TRUSTED_PROXIES", trustedProxies);
        }
        return TestServer.start(env);
    }

    private static TestServer.Response signup(TestServer server, String username, String forwardedFor, String proto) {
        String origin = (proto == null ? "http" : proto) + "://127.0.0.1:"
                + server.server().port();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/auth/signup"))
                .header("Content-Type", "application/json")
                .header("Origin", origin)
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + username + "\",\"email\":\"" + username
                        + "@example.com\",\"password\":\"" + ApiClient.password(username) + "\"}"));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        if (proto != null) {
            request.header("X-Forwarded-Proto", proto);
        }
        return server.send(request);
    }

    @Test
    void behind_a_trusted_proxy_the_client_ip_is_the_forwarded_one() {
        try (TestServer server = start("127.0.0.1")) {
            assertEquals(201, signup(server, "alice", "203.0.113.1", null).status());
            assertEquals(429, signup(server, "bob", "203.0.113.1", null).status(), "same client, over the limit");
            assertEquals(
                    201, signup(server, "carol", "203.0.113.2", null).status(), "another client has its own limit");
        }
    }

    @Test
    void the_client_cannot_choose_its_ip_by_writing_x_forwarded_for_itself() {
        try (TestServer server = start("127.0.0.1")) {
            assertEquals(201, signup(server, "alice", "203.0.113.7", null).status());
            // The proxy appends the real peer; what the client wrote stands to its left and is ignored.
            assertEquals(
                    429,
                    signup(server, "bob", "198.51.100.99, 203.0.113.7", null).status());
        }
    }

    @Test
    void proxies_in_a_trusted_range_are_skipped_to_find_the_client() {
        try (TestServer server = start("127.0.0.1, 10.0.0.0/8")) {
            assertEquals(
                    201, signup(server, "alice", "203.0.113.5, 10.1.2.3", null).status());
            assertEquals(
                    429,
                    signup(server, "bob", "203.0.113.5, 10.9.9.9", null).status(),
                    "the same client via another proxy");
        }
    }

    @Test
    void forwarded_headers_from_an_untrusted_peer_are_ignored() {
        try (TestServer server = start(null)) {
            assertEquals(201, signup(server, "alice", "203.0.113.1", null).status());
            assertEquals(429, signup(server, "bob", "203.0.113.2", null).status(), "both are really 127.0.0.1");
        }
    }

    @Test
    void https_reported_by_a_trusted_proxy_makes_the_session_cookie_secure() {
        try (TestServer server = start("127.0.0.1")) {
            TestServer.Response response = signup(server, "alice", "203.0.113.1", "https");

            assertEquals(201, response.status(), response.body());
            assertTrue(response.header("Set-Cookie").contains("; Secure"), response.header("Set-Cookie"));
        }
        try (TestServer server = start(null)) {
            // Untrusted: the scheme stays http, so the https Origin is not the server's own either.
            TestServer.Response response = signup(server, "bob", null, "https");
            assertEquals(403, response.status(), response.body());
            TestServer.Response plain = signup(server, "carol", null, null);
            assertEquals(201, plain.status(), plain.body());
            assertFalse(plain.header("Set-Cookie").contains("Secure"), plain.header("Set-Cookie"));
        }
    }
}
