package io.friendchat.server.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.friendchat.server.testing.Backend;
import io.friendchat.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Chat scenarios driven by the official JavaScript client (socket.io-client 4.8, pinned in
 * src/test/js/package-lock.json) under Node, against a real server on each store.
 */
class NodeClientRealtimeTest {
    @TempDir
    Path tempDir;

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({
        "ordering, SQLITE", "ordering, MONGO",
        "twoTabs, SQLITE", "twoTabs, MONGO",
        "pollingOnly, SQLITE", "pollingOnly, MONGO",
        "logoutCuts, SQLITE", "logoutCuts, MONGO",
        "offlineChanges, SQLITE", "offlineChanges, MONGO"
    })
    void scenario_passes_with_the_official_js_client(String scenario, Backend backend) throws Exception {
        Map<String, String> env = backend.newTarget(tempDir).env();
        env.put("FRIENDCHAT_SIGNUPS_PER_IP_PER_HOUR", "1000");
        try (TestServer server = TestServer.start(env)) {
            Process node = new ProcessBuilder("node", "scenarios.mjs", scenario, server.baseUrl())
                    .directory(Path.of("src/test/js").toFile())
                    .redirectErrorStream(true)
                    .start();
            boolean finished = node.waitFor(120, TimeUnit.SECONDS);
            String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!finished) {
                node.destroyForcibly();
            }
            assertTrue(finished, "node did not finish: " + output);
            assertEquals(0, node.exitValue(), output);
            assertTrue(output.contains("ok " + scenario), output);
        }
    }
}
