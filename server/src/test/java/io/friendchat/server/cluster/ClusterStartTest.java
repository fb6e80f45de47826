package io.friendchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.friendchat.server.Main;
import io.friendchat.server.testing.ChildJvm;
import io.friendchat.server.testing.ProcessLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cluster mode needs a shared store: a node with Redis but its own SQLite file must not start. */
class ClusterStartTest {
    @TempDir
    Path tempDir;

    @Test
    void redis_url_without_mongo_uri_stops_the_start_naming_both() throws Exception {
        Process process = ChildJvm.start(
                Main.class,
                Map.of(
                        "PORT", "0",
                        "FRIENDCHAT_HOST", "127.0.0.1",
                        "FRIENDCHAT_DATA_DIR", tempDir.toString(),
                        // Nothing listens there: the check must come before any connection.
                        "REDIS_URL", "redis://127.0.0.1:1"),
                tempDir);
        try {
            process.getOutputStream().close();
            ProcessLog log = new ProcessLog("the node", process, tempDir.resolve("node.log"));
            Await.until(
                    "the node to exit or to listen",
                    Duration.ofSeconds(60),
                    () -> !process.isAlive() || log.lines().stream().anyMatch(l -> l.contains("listening on")),
                    log::tail);
            assertTrue(
                    process.waitFor(5, TimeUnit.SECONDS),
                    "the node started in cluster mode without MONGO_URI:\n" + log.tail());
            assertNotEquals(0, process.exitValue(), log.tail());
            List<String> err =
                    log.lines().stream().filter(l -> l.startsWith("err: ")).toList();
            assertTrue(
                    err.stream().anyMatch(l -> l.contains("REDIS_URL") && l.contains("MONGO_URI")),
                    "no line on stderr names REDIS_URL and MONGO_URI:\n" + log.tail());
        } finally {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
