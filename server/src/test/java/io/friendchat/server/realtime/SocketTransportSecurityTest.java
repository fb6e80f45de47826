package io.friendchat.server.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.friendchat.server.testing.ApiClient;
import io.friendchat.server.testing.Backend;
import io.friendchat.server.testing.Certificates;
import io.friendchat.server.testing.NodeClient;
import io.friendchat.server.testing.TestServer;
import io.friendchat.server.web.SessionCookie;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Socket.IO shares the app's port, so it runs over wss when TLS is on, and it sits behind the same
 * origin rule as CORS and CSRF. Clients authenticate with a real session, so a refusal here can
 * only come from the origin check.
 */
class SocketTransportSecurityTest {
    private static final String ALLOWED = "https://app.example.com";
    private static final String HANDSHAKE = "/socket.io/?EIO=4&transport=polling";
    private static final Pattern SESSION = Pattern.compile(SessionCookie.NAME + "=([^;]+)");

    @TempDir
    Path tempDir;

    private Map<String, String> env(String... settings) {
        Map<String, String> env = Backend.SQLITE.newTarget(tempDir).env(settings);
        env.put("FRIENDCHAT_ALLOWED_ORIGINS", ALLOWED);
        return env;
    }

    @Test
    void official_js_client_connects_over_wss_trusting_the_certificate() throws Exception {
        Certificates.Pem pem = Certificates.rsaPkcs8(tempDir);
        try (TestServer server = TestServer.start(env(
                "FRIENDCHAT_TLS_CERT",
                pem.certificate().toString(),
                "FRIENDCHAT_TLS_KEY",
                pem.key().toString()))) {
            String url = "https://localhost:" + server.server().port();
            TestServer.Response signup = TestServer.send(
                    Certificates.clientTrusting(pem.certificate()),
                    HttpRequest.newBuilder(URI.create(url + "/api/auth/signup"))
                            .header("Content-Type", "application/json")
                            .header("Origin", url)
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"username\":\"alice\",\"email\":\"alice@example.com\"," + "\"password\":\""
                                            + ApiClient.password("alice") + "\"}")));
            assertEquals(201, signup.status(), signup.body());
            Matcher session = SESSION.matcher(signup.header("Set-Cookie"));
            assertTrue(session.find());
            String token = session.group(1);
            String ca = pem.certificate().toString();

            JsonNode direct = NodeClient.connect(url, "--token", token, "--ca", ca, "--websocket-only");
            assertTrue(direct.get("connected").asBoolean(), direct.toString());
            assertEquals("websocket", direct.get("transport").asText());

            // The default path: long-polling over https first, then the upgrade to wss.
            JsonNode upgraded = NodeClient.connect(url, "--token", token, "--ca", ca);
            assertTrue(upgraded.get("connected").asBoolean(), upgraded.toString());
            assertEquals("websocket", upgraded.get("transport").asText());

            // Without trusting the certificate the client cannot connect, so --ca mattered.
            JsonNode untrusted = NodeClient.connect(url, "--token", token, "--websocket-only");
            assertFalse(untrusted.get("connected").asBoolean(), untrusted.toString());
        }
    }

    @Test
    void handshake_from_another_origin_gets_403_at_once_without_cors_headers() {
        try (TestServer server = TestServer.start(env())) {
            TestServer.Response response = server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + HANDSHAKE))
                    .header("Origin", "https://evil.example"));

            assertEquals(403, response.status());
            assertEquals(4, response.json().get("code").asInt());
            assertNull(response.header("Access-Control-Allow-Origin"));
        }
    }

    @Test
    void handshake_from_the_own_origin_an_allowed_origin_or_no_origin_opens_a_session() {
        try (TestServer server = TestServer.start(env())) {
            for (String origin : new String[] {server.baseUrl(), ALLOWED, null}) {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + HANDSHAKE));
                if (origin != null) {
                    request.header("Origin", origin);
                }
                TestServer.Response response = server.send(request);

                assertEquals(200, response.status(), "origin " + origin + ": " + response.body());
                assertTrue(response.body().startsWith("0{\"sid\""), response.body());
                if (ALLOWED.equals(origin)) {
                    // Long-polling from the allowed site needs CORS with credentials to read this.
                    assertEquals(ALLOWED, response.header("Access-Control-Allow-Origin"));
                    assertEquals("true", response.header("Access-Control-Allow-Credentials"));
                }
            }
        }
    }

    @Test
    void official_js_client_from_another_origin_is_refused_and_from_an_allowed_one_connects() throws Exception {
        try (TestServer server = TestServer.start(env())) {
            String token = server.client().signup("alice").sessionToken();
            assertNotNull(token);

            JsonNode refused = NodeClient.connect(
                    server.baseUrl(), "--token", token, "--origin", "https://evil.example", "--websocket-only");
            assertFalse(refused.get("connected").asBoolean(), refused.toString());

            JsonNode allowed =
                    NodeClient.connect(server.baseUrl(), "--token", token, "--origin", ALLOWED, "--websocket-only");
            assertTrue(allowed.get("connected").asBoolean(), allowed.toString());
        }
    }
}
