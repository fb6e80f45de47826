package io.friendchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpsSettingsTest {
    private static final String TOKEN = "c2VjcmV0LXRva2VuLWZvci1tZXRyaWNz";

    @TempDir
    Path tempDir;

    private OpsSettings ops(String... keyValues) {
        Map<String, String> env = new HashMap<>(Map.of("FRIENDCHAT_DATA_DIR", tempDir.toString()));
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return Config.fromEnv(env).ops();
    }

    private ConfigException refused(String... keyValues) {
        return assertThrows(ConfigException.class, () -> ops(keyValues));
    }

    @Test
    void metrics_are_off_and_logs_are_text_by_default() {
        OpsSettings ops = ops();

        assertFalse(ops.metricsEnabled());
        assertNull(ops.metricsToken());
        assertEquals(-1, ops.metricsPort());
        assertEquals(OpsSettings.LogFormat.TEXT, ops.logFormat());
    }

    @Test
    void a_token_alone_serves_metrics_on_the_app_port_and_never_shows_in_to_string() {
        OpsSettings ops = ops("FRIENDCHAT_METRICS_TOKEN", TOKEN);

        assertTrue(ops.metricsOnAppPort());
        assertEquals(TOKEN, ops.metricsToken());
        assertFalse(ops.toString().contains(TOKEN), ops.toString());
        assertFalse(Config.fromEnv(Map.of("FRIENDCHAT_DATA_DIR", tempDir.toString(), "FRIENDCHAT_METRICS_TOKEN", TOKEN))
                .toString()
                .contains(TOKEN));
    }

    @Test
    void a_metrics_port_moves_metrics_off_the_app_port() {
        OpsSettings ops = ops("FRIENDCHAT_METRICS_PORT", "9100", "FRIENDCHAT_METRICS_TOKEN", TOKEN);

        assertEquals(9100, ops.metricsPort());
        assertTrue(ops.metricsEnabled());
        assertFalse(ops.metricsOnAppPort());
    }

    @Test
    void a_short_or_odd_token_is_refused_without_echoing_it() {
        ConfigException e = refused("FRIENDCHAT_METRICS_TOKEN", "short");
        assertTrue(e.getMessage().startsWith("FRIENDCHAT_METRICS_TOKEN "), e.getMessage());
        assertFalse(e.getMessage().contains("short"), e.getMessage());
        refused("FRIENDCHAT_METRICS_TOKEN", "has spaces in the middle of it");
    }

    @Test
    void a_bad_metrics_port_is_refused() {
        assertTrue(refused("FRIENDCHAT_METRICS_PORT", "metrics").getMessage().startsWith("FRIENDCHAT_METRICS_PORT "));
        refused("FRIENDCHAT_METRICS_PORT", "70000");
        refused("FRIENDCHAT_METRICS_PORT", "8080");
        refused("PORT", "9000", "FRIENDCHAT_METRICS_PORT", "9000");
    }

    @Test
    void the_log_format_is_text_or_json() {
        assertEquals(
                OpsSettings.LogFormat.JSON, ops("FRIENDCHAT_LOG_FORMAT", "json").logFormat());
        ConfigException e = refused("FRIENDCHAT_LOG_FORMAT", "xml");
        assertTrue(e.getMessage().startsWith("FRIENDCHAT_LOG_FORMAT "), e.getMessage());
    }
}
