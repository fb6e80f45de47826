package io.friendchat.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.friendchat.server.testing.Backend;
import io.friendchat.server.testing.ServerFixture;
import io.friendchat.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class SecurityHeadersTest {
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    @TempDir
    Path tempDir;

    @RegisterExtension
    final ServerFixture fixture = ServerFixture.on(Backend.SQLITE);

    TestServer server;

    @BeforeEach
    void start() {
        server = fixture.server();
    }

    private static void assertSecurityHeaders(String what, TestServer.Response response) {
        assertEquals(CSP, response.header("Content-Security-Policy"), what);
        assertEquals("nosniff", response.header("X-Content-Type-Options"), what);
        assertEquals("strict-origin-when-cross-origin", response.header("Referrer-Policy"), what);
        assertTrue(
                response.header("Permissions-Policy") != null
                        && response.header("Permissions-Policy").contains("camera=()"),
                what);
        assertNull(response.header("Server"), what + ": the server must not name itself");
        assertNull(response.header("X-Powered-By"), what);
        assertNull(response.header("Strict-Transport-Security"), what + ": no HSTS over plain HTTP");
    }

    @Test
    void pages_static_files_and_api_answers_carry_the_security_headers() {
        TestServer.Response page = server.get("/");
        assertEquals(200, page.status());
        assertSecurityHeaders("the app page", page);

        TestServer.Response css = server.get("/css/error.css");
        assertEquals(200, css.status());
        assertSecurityHeaders("a static file", css);

        TestServer.Response health = server.get("/healthz");
        assertEquals(200, health.status());
        assertSecurityHeaders("an API answer", health);

        TestServer.Response handshake = server.get("/socket.io/?EIO=4&transport=polling");
        assertEquals(200, handshake.status());
        assertSecurityHeaders("a Socket.IO answer", handshake);
    }

    @Test
    void error_answers_carry_the_security_headers() {
        TestServer.Response apiNotFound = server.get("/api/no-such-thing");
        assertEquals(404, apiNotFound.status());
        assertSecurityHeaders("the JSON 404", apiNotFound);

        TestServer.Response pageNotFound = server.get("/no/such/page");
        assertEquals(404, pageNotFound.status());
        assertSecurityHeaders("the 404 page", pageNotFound);

        TestServer.Response tooLarge =
                server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/auth/signup"))
                        .header("Content-Type", "application/json")
                        .header("Origin", server.baseUrl())
                        .POST(HttpRequest.BodyPublishers.ofString("{\"x\":\"" + "a".repeat(70 * 1024) + "\"}")));
        assertEquals(413, tooLarge.status());
        assertSecurityHeaders("the 413", tooLarge);
    }

    @Test
    void the_404_page_has_no_inline_style_or_script_for_the_csp_to_block() {
        String html = server.get("/no/such/page").body();

        assertTrue(html.contains("href=\"/css/error.css\""), html);
        assertTrue(!html.contains("style=") && !html.contains("<style") && !html.contains("<script"), html);
    }

    @Test
    void hsts_is_sent_when_a_trusted_proxy_says_the_request_came_over_https() {
        try (TestServer proxied = TestServer.start(Map.of(
                "PORT",
                "0",
                "FRIENDCHAT_HOST",
                "127.0.0.1",
                "FRIENDCHAT_DATA_DIR",
                tempDir.resolve("proxied").toString(),
                "FRIENDCHAT_TRUSTED_PROXIES",
                "127.0.0.1"))) {
            TestServer.Response response =
                    proxied.send(HttpRequest.newBuilder(URI.create(proxied.baseUrl() + "/healthz"))
                            .header("X-Forwarded-Proto", "https"));

            assertEquals("max-age=31536000", response.header("Strict-Transport-Security"));
        }
        // The same header from an untrusted peer changes nothing.
        TestServer.Response direct = server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/healthz"))
                .header("X-Forwarded-Proto", "https"));
        assertNull(direct.header("Strict-Transport-Security"));
    }
}
