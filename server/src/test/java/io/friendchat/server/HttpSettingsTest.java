package io.friendchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpSettingsTest {
    @TempDir
    Path tempDir;

    private HttpSettings settings(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("FRIENDCHAT_DATA_DIR", tempDir.toString());
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return Config.fromEnv(env).http();
    }

    private void assertRefused(String variable, String... pairs) {
        ConfigException e = assertThrows(ConfigException.class, () -> settings(pairs));
        assertTrue(e.getMessage().startsWith(variable + " "), e.getMessage());
    }

    @Test
    void defaults_are_plain_http_with_the_documented_limits() {
        HttpSettings http = settings();

        assertFalse(http.tlsEnabled());
        assertNull(http.tls());
        assertEquals(-1, http.redirectPort());
        assertTrue(http.trustedProxies().isEmpty());
        assertEquals(64 * 1024, http.maxBodyBytes());
        assertEquals(8 * 1024, http.maxHeaderBytes());
        assertEquals(Duration.ofSeconds(30), http.idleTimeout());
        assertEquals(200, http.maxConnectionsPerIp());
        assertEquals(Duration.ofDays(365), http.hstsMaxAge());
    }

    @Test
    void sizes_take_k_and_m_suffixes() {
        HttpSettings http = settings("FRIENDCHAT_MAX_BODY_SIZE", "1m", "FRIENDCHAT_MAX_HEADER_SIZE", "16K");

        assertEquals(1024 * 1024, http.maxBodyBytes());
        assertEquals(16 * 1024, http.maxHeaderBytes());
        assertRefused("FRIENDCHAT_MAX_BODY_SIZE", "FRIENDCHAT_MAX_BODY_SIZE", "64 KB");
        assertRefused("FRIENDCHAT_MAX_HEADER_SIZE", "FRIENDCHAT_MAX_HEADER_SIZE", "0");
    }

    @Test
    void certificate_and_key_go_together_and_must_be_readable() throws Exception {
        Path cert = Files.writeString(tempDir.resolve("cert.pem"), "x");

        assertRefused("FRIENDCHAT_TLS_KEY", "FRIENDCHAT_TLS_CERT", cert.toString());
        assertRefused(
                "FRIENDCHAT_TLS_CERT",
                "FRIENDCHAT_TLS_CERT",
                tempDir.resolve("missing.pem").toString(),
                "FRIENDCHAT_TLS_KEY",
                cert.toString());
        HttpSettings http = settings("FRIENDCHAT_TLS_CERT", cert.toString(), "FRIENDCHAT_TLS_KEY", cert.toString());
        assertTrue(http.tlsEnabled());
    }

    @Test
    void only_one_certificate_source_may_be_set() throws Exception {
        Path file = Files.writeString(tempDir.resolve("ks.p12"), "x");

        assertRefused(
                "FRIENDCHAT_TLS_KEYSTORE",
                "FRIENDCHAT_TLS_KEYSTORE",
                file.toString(),
                "FRIENDCHAT_TLS_SELF_SIGNED",
                "true");
        assertRefused("FRIENDCHAT_TLS_SELF_SIGNED", "FRIENDCHAT_TLS_SELF_SIGNED", "maybe");
    }

    @Test
    void redirect_port_needs_tls() {
        assertRefused("FRIENDCHAT_HTTP_REDIRECT_PORT", "FRIENDCHAT_HTTP_REDIRECT_PORT", "8080");
        assertRefused(
                "FRIENDCHAT_HTTP_REDIRECT_PORT",
                "FRIENDCHAT_TLS_SELF_SIGNED",
                "true",
                "FRIENDCHAT_HTTP_REDIRECT_PORT",
                "http");
        assertEquals(
                8080,
                settings("FRIENDCHAT_TLS_SELF_SIGNED", "true", "FRIENDCHAT_HTTP_REDIRECT_PORT", "8080")
                        .redirectPort());
    }

    @Test
    void trusted_proxies_must_be_addresses_or_ranges() {
        assertTrue(settings("FRIENDCHAT_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8")
                .trustedProxies()
                .contains(java.net.InetAddress.getLoopbackAddress()));
        assertRefused("FRIENDCHAT_TRUSTED_PROXIES", "FRIENDCHAT_TRUSTED_PROXIES", "nginx");
    }

    @Test
    void keystore_password_is_kept_out_of_to_string() throws Exception {
        Path file = Files.writeString(tempDir.resolve("ks.p12"), "x");
        HttpSettings http =
                settings("FRIENDCHAT_TLS_KEYSTORE", file.toString(), "FRIENDCHAT_TLS_KEYSTORE_PASSWORD", "hunter2");

        assertEquals("hunter2", http.tls().keystorePassword());
        assertFalse(http.toString().contains("hunter2"), http.toString());
    }
}
