package io.friendchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.friendchat.server.testing.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@link Main} in its own JVM, as an operator would, to check exits and signals. */
class ProcessLifecycleTest {
    private static final Pattern LISTENING = Pattern.compile("listening on [^:]+:(\\d+)");

    @TempDir
    Path tempDir;

    private static List<String> stderrLines(Process process) throws Exception {
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the process did not exit");
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return err.lines().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void port_that_is_not_a_number_exits_non_zero_with_one_line_naming_it() throws Exception {
        Process process =
                ChildJvm.start(Main.class, Map.of("PORT", "abc", "FRIENDCHAT_DATA_DIR", tempDir.toString()), tempDir);

        List<String> lines = stderrLines(process);
        assertNotEquals(0, process.exitValue());
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("PORT"), lines.get(0));
    }

    @Test
    void data_dir_that_cannot_be_created_exits_non_zero_with_one_line_naming_it() throws Exception {
        Path file = Files.writeString(tempDir.resolve("a-file"), "x");
        Process process = ChildJvm.start(
                Main.class,
                Map.of("PORT", "0", "FRIENDCHAT_DATA_DIR", file.resolve("data").toString()),
                tempDir);

        List<String> lines = stderrLines(process);
        assertNotEquals(0, process.exitValue());
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("FRIENDCHAT_DATA_DIR"), lines.get(0));
    }

    @Test
    void sigterm_stops_the_server_and_closes_the_store() throws Exception {
        Path data = tempDir.resolve("data");
        Process process = ChildJvm.start(
                Main.class,
                Map.of("PORT", "0", "FRIENDCHAT_HOST", "127.0.0.1", "FRIENDCHAT_DATA_DIR", data.toString()),
                tempDir);
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        int port = awaitPort(out);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> health = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        CompletableFuture<String> rest = CompletableFuture.supplyAsync(() -> drain(out));

        // Process.destroy() would also close our end of the child's stdout; kill(1) leaves it open.
        assertEquals(
                0,
                new ProcessBuilder("kill", "-TERM", Long.toString(process.pid()))
                        .start()
                        .waitFor());

        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the server did not stop on SIGTERM");
        // A graceful stop on SIGTERM exits 0, not the JVM's 143 (128 + SIGTERM).
        assertEquals(0, process.exitValue());
        String log = rest.get(10, TimeUnit.SECONDS);
        assertTrue(log.contains("FriendChat stopped"), "log after SIGTERM: " + log);
        // SQLite removes the WAL file only when the last connection closes cleanly.
        assertFalse(Files.exists(data.resolve("friendchat.db-wal")), "the store was not closed");
        assertTrue(Files.exists(data.resolve("friendchat.db")));
    }

    static int awaitPort(BufferedReader out) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String line;
        while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("the server never said it was listening");
    }

    private static String drain(BufferedReader out) {
        StringBuilder sb = new StringBuilder();
        try {
            String line;
            while ((line = out.readLine()) != null) {
                sb.append(line).append('\n');
            }
        } catch (IOException ignored) {
            // the process ended
        }
        return sb.toString();
    }
}
