package io.friendchat.server.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.friendchat.server.Config;
import io.friendchat.server.ConfigException;
import io.friendchat.server.FriendChatServer;
import io.friendchat.server.Main;
import io.friendchat.server.testing.Backend;
import io.friendchat.server.testing.Certificates;
import io.friendchat.server.testing.ChildJvm;
import io.friendchat.server.testing.TestServer;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsTest {
    @TempDir
    Path tempDir;

    private Map<String, String> env(String... settings) {
        return Backend.SQLITE.newTarget(tempDir).env(settings);
    }

    private static TestServer.Response get(HttpClient client, String url) {
        return TestServer.send(client, HttpRequest.newBuilder(URI.create(url)).GET());
    }

    private static String https(TestServer server, String path) {
        return "https://127.0.0.1:" + server.server().port() + path;
    }

    @Test
    void pem_rsa_certificate_with_pkcs8_key_serves_https_to_a_client_that_trusts_it() {
        Certificates.Pem pem = Certificates.rsaPkcs8(tempDir);
        try (TestServer server = TestServer.start(env(
                "FRIENDCHAT_TLS_CERT",
                pem.certificate().toString(),
                "FRIENDCHAT_TLS_KEY",
                pem.key().toString()))) {
            TestServer.Response response =
                    get(Certificates.clientTrusting(pem.certificate()), https(server, "/healthz"));

            assertEquals(200, response.status());
            assertEquals("ok", response.json().get("status").asText());
            assertEquals("max-age=31536000", response.header("Strict-Transport-Security"));
            // A client that does not trust the certificate is refused, so the trust above mattered.
            UncheckedIOException refused = assertThrows(
                    UncheckedIOException.class, () -> get(HttpClient.newHttpClient(), https(server, "/healthz")));
            assertTrue(refused.getCause() instanceof SSLHandshakeException, refused.toString());
        }
    }

    @Test
    void pem_ec_certificate_with_sec1_key_serves_https() {
        Certificates.Pem pem = Certificates.ecSec1(tempDir);
        try (TestServer server = TestServer.start(env(
                "FRIENDCHAT_TLS_CERT",
                pem.certificate().toString(),
                "FRIENDCHAT_TLS_KEY",
                pem.key().toString()))) {
            assertEquals(
                    200,
                    get(Certificates.clientTrusting(pem.certificate()), https(server, "/healthz"))
                            .status());
        }
    }

    @Test
    void pkcs12_keystore_serves_https() {
        Path store = Certificates.pkcs12(tempDir, "s3cret-pass");
        try (TestServer server = TestServer.start(
                env("FRIENDCHAT_TLS_KEYSTORE", store.toString(), "FRIENDCHAT_TLS_KEYSTORE_PASSWORD", "s3cret-pass"))) {
            assertEquals(
                    200,
                    get(Certificates.clientTrusting(tempDir.resolve("cert.pem")), https(server, "/healthz"))
                            .status());
        }
    }

    @Test
    void wrong_keystore_password_stops_the_start_naming_the_variable() {
        Path store = Certificates.pkcs12(tempDir, "s3cret-pass");
        Config config = Config.fromEnv(
                env("FRIENDCHAT_TLS_KEYSTORE", store.toString(), "FRIENDCHAT_TLS_KEYSTORE_PASSWORD", "wrong"));

        ConfigException e = assertThrows(ConfigException.class, () -> FriendChatServer.create(config));
        assertTrue(e.getMessage().startsWith("FRIENDCHAT_TLS_KEYSTORE_PASSWORD "), e.getMessage());
        assertFalse(e.getMessage().contains("wrong"), "the password must not be echoed: " + e.getMessage());
    }

    @Test
    void key_that_does_not_belong_to_the_certificate_stops_the_start_naming_the_variable() throws Exception {
        Certificates.Pem rsa = Certificates.rsaPkcs8(tempDir);
        Certificates.Pem ec = Certificates.ecSec1(Files.createDirectory(tempDir.resolve("other")));
        Config config = Config.fromEnv(env(
                "FRIENDCHAT_TLS_CERT",
                rsa.certificate().toString(),
                "FRIENDCHAT_TLS_KEY",
                ec.key().toString()));

        ConfigException e = assertThrows(ConfigException.class, () -> FriendChatServer.create(config));
        assertTrue(e.getMessage().startsWith("FRIENDCHAT_TLS_CERT "), e.getMessage());
        assertTrue(e.getMessage().contains("does not belong"), e.getMessage());
    }

    @Test
    void unusable_certificate_exits_2_with_one_line_naming_the_variable() throws Exception {
        Path cert = Files.writeString(tempDir.resolve("cert.pem"), "not a certificate");
        Path key = Files.writeString(tempDir.resolve("key.pem"), "not a key");
        Process process = ChildJvm.start(
                Main.class,
                Map.of(
                        "PORT",
                        "0",
                        "FRIENDCHAT_HOST",
                        "127.0.0.1",
                        "FRIENDCHAT_DATA_DIR",
                        tempDir.resolve("data").toString(),
                        "FRIENDCHAT_TLS_CERT",
                        cert.toString(),
                        "FRIENDCHAT_TLS_KEY",
                        key.toString()),
                tempDir);

        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the process did not exit");
        List<String> lines = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)
                .lines()
                .filter(l -> !l.isBlank())
                .toList();
        assertEquals(2, process.exitValue());
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("FRIENDCHAT_TLS_CERT"), lines.get(0));
    }

    @Test
    void self_signed_certificate_is_made_for_localhost_once_and_kept_in_the_data_dir() throws Exception {
        Path cert = tempDir.resolve("tls").resolve("localhost-cert.pem");
        byte[] first;
        try (TestServer server = TestServer.start(env("FRIENDCHAT_TLS_SELF_SIGNED", "true"))) {
            assertTrue(Files.isRegularFile(cert), "no certificate in the data dir");
            HttpClient client = Certificates.clientTrusting(cert);
            // Both names are in the certificate, so hostname verification passes for each.
            assertEquals(200, get(client, https(server, "/healthz")).status());
            assertEquals(
                    200,
                    get(client, "https://localhost:" + server.server().port() + "/healthz")
                            .status());
            first = Files.readAllBytes(cert);
        }
        try (TestServer server = TestServer.start(env("FRIENDCHAT_TLS_SELF_SIGNED", "true"))) {
            assertArrayEquals(first, Files.readAllBytes(cert), "a restart made a new certificate");
            assertEquals(
                    200,
                    get(Certificates.clientTrusting(cert), https(server, "/healthz"))
                            .status());
        }
    }

    @Test
    void redirect_port_answers_301_to_the_same_path_and_query_over_https() throws Exception {
        Certificates.Pem pem = Certificates.rsaPkcs8(tempDir);
        int redirectPort = freePort();
        try (TestServer server = TestServer.start(env(
                "FRIENDCHAT_TLS_CERT",
                pem.certificate().toString(),
                "FRIENDCHAT_TLS_KEY",
                pem.key().toString(),
                "FRIENDCHAT_HTTP_REDIRECT_PORT",
                Integer.toString(redirectPort)))) {
            HttpClient plain = HttpClient.newHttpClient(); // follows no redirects by default

            TestServer.Response response =
                    get(plain, "http://127.0.0.1:" + redirectPort + "/rooms/42?tab=members&q=a%20b");

            assertEquals(301, response.status());
            assertEquals(https(server, "/rooms/42?tab=members&q=a%20b"), response.header("Location"));
            // Nothing on that port reaches the app, not even the health check.
            assertEquals(
                    301,
                    get(plain, "http://127.0.0.1:" + redirectPort + "/healthz").status());
            assertNull(response.header("Strict-Transport-Security"), "HSTS is for HTTPS answers only");
            // Following the redirect lands on the app over HTTPS.
            HttpClient following = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.ALWAYS)
                    .sslContext(Certificates.sslContextTrusting(pem.certificate()))
                    .build();
            TestServer.Response landed = get(following, "http://127.0.0.1:" + redirectPort + "/healthz");
            assertEquals(200, landed.status());
            assertEquals("https", landed.raw().uri().getScheme());
        }
    }

    @Test
    void session_cookie_is_secure_over_https_and_not_over_plain_http() {
        Certificates.Pem pem = Certificates.rsaPkcs8(tempDir);
        String signup =
                "{\"username\":\"alice\",\"email\":\"alice@example.com\",\"password\":\"correct horse alice battery\"}";
        try (TestServer server = TestServer.start(env(
                "FRIENDCHAT_TLS_CERT",
                pem.certificate().toString(),
                "FRIENDCHAT_TLS_KEY",
                pem.key().toString()))) {
            TestServer.Response response = TestServer.send(
                    Certificates.clientTrusting(pem.certificate()),
                    HttpRequest.newBuilder(URI.create(https(server, "/api/auth/signup")))
                            .header("Content-Type", "application/json")
                            .header("Origin", https(server, ""))
                            .POST(HttpRequest.BodyPublishers.ofString(signup)));

            assertEquals(201, response.status(), response.body());
            String cookie = response.header("Set-Cookie");
            assertNotNull(cookie);
            assertTrue(cookie.contains("; Secure"), cookie);
        }
        try (TestServer server = TestServer.start(env())) {
            TestServer.Response response = server.client().post("/api/auth/signup", signup.replace("alice", "bob"));

            assertEquals(201, response.status(), response.body());
            assertFalse(response.header("Set-Cookie").contains("Secure"), response.header("Set-Cookie"));
        }
    }

    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
