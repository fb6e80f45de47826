package io.friendchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.friendchat.server.testing.Backend;
import io.friendchat.server.testing.TestServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthCheckTest {
    @TempDir
    Path tempDir;

    @Test
    void healthy_while_the_server_answers_and_unhealthy_once_it_is_gone() {
        String port;
        try (TestServer server = TestServer.start(Backend.SQLITE, tempDir)) {
            port = Integer.toString(server.server().port());
            assertEquals(0, HealthCheck.check(null, Map.of("PORT", port)));
            assertEquals(1, HealthCheck.check(server.baseUrl() + "/no-such-page", Map.of()));
        }
        assertEquals(1, HealthCheck.check(null, Map.of("PORT", port)));
    }
}
