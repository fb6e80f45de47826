package io.friendchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.friendchat.server.testing.ChildJvm;
import io.friendchat.server.web.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SIGTERM while the official client keeps four sends in flight: the server tells it to
 * reconnect (a transport close, not a Socket.IO disconnect, after which the client would stay
 * away), finishes the sends it took, closes the store and exits 0. A new server on the same port
 * and data then has every message that was acknowledged, and the resent ones stored once.
 */
class GracefulStopTest {
    private static final Path JS = Path.of("src", "test", "js");

    @TempDir
    Path tempDir;

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling"})
    void sigterm_makes_clients_reconnect_and_loses_nothing_acknowledged(String transport) throws Exception {
        assertTrue(
                Files.isDirectory(JS.resolve("node_modules").resolve("socket.io-client")),
                "socket.io-client is not installed in " + JS.toAbsolutePath() + ": run the Maven build (npm ci)");
        int port = freePort();
        Path data = tempDir.resolve("data");
        Map<String, String> env = Map.of(
                "PORT",
                Integer.toString(port),
                "FRIENDCHAT_HOST",
                "127.0.0.1",
                "FRIENDCHAT_DATA_DIR",
                data.toString(),
                // The client sends as fast as acks come back; the rate limits are not under test.
                "FRIENDCHAT_MESSAGES_PER_SECOND",
                "100000",
                "FRIENDCHAT_MESSAGE_BURST",
                "100000",
                "FRIENDCHAT_EVENTS_PER_SOCKET_PER_SECOND",
                "100000");
        Process first = ChildJvm.start(Main.class, env, tempDir);
        Process second = null;
        Process client = null;
        try {
            BufferedReader firstOut = reader(first);
            ProcessLifecycleTest.awaitPort(firstOut);
            CompletableFuture<String> firstLog = CompletableFuture.supplyAsync(() -> drain(firstOut));
            client = new ProcessBuilder("node", "stop.mjs", "http://127.0.0.1:" + port, transport)
                    .directory(JS.toFile())
                    .redirectError(tempDir.resolve("client.err").toFile())
                    .start();
            BlockingQueue<String> lines = lines(client);
            assertEquals("sending", next(lines, client));

            long stopAsked = System.nanoTime();
            assertEquals(
                    0,
                    new ProcessBuilder("kill", "-TERM", Long.toString(first.pid()))
                            .start()
                            .waitFor());

            assertEquals("disconnected transport close", next(lines, client));
            assertEquals("reconnecting", next(lines, client));
            assertTrue(first.waitFor(30, TimeUnit.SECONDS), "the server did not stop on SIGTERM");
            long stopMillis = (System.nanoTime() - stopAsked) / 1_000_000;
            assertEquals(0, first.exitValue(), "exit status after a graceful stop");
            assertTrue(stopMillis < 20_000, "the stop took " + stopMillis + " ms");
            String log = firstLog.get(10, TimeUnit.SECONDS);
            assertTrue(log.contains("FriendChat stopped"), log);
            assertFalse(log.contains("still unfinished"), log);
            assertFalse(Files.exists(data.resolve("friendchat.db-wal")), "the store was not closed");

            second = ChildJvm.start(Main.class, env, tempDir);
            BufferedReader secondOut = reader(second);
            assertEquals(port, ProcessLifecycleTest.awaitPort(secondOut));
            CompletableFuture.runAsync(() -> drain(secondOut));

            JsonNode verdict = Json.MAPPER.readTree(next(lines, client));
            assertEquals("transport close", verdict.path("reason").asText(), verdict.toString());
            assertTrue(verdict.path("acked").asInt() >= 20, verdict.toString());
            assertEquals(0, verdict.path("lost").size(), "acknowledged but lost: " + verdict);
            // Every send, acknowledged at once or resent after the reconnect, is stored exactly once.
            assertEquals(verdict.path("sent").asInt(), verdict.path("stored").asInt(), verdict.toString());
            assertEquals(
                    verdict.path("stored").asInt(), verdict.path("distinct").asInt(), verdict.toString());
            assertTrue(client.waitFor(10, TimeUnit.SECONDS));
            assertEquals(0, client.exitValue());
        } finally {
            for (Process p : new Process[] {client, first, second}) {
                if (p != null && p.isAlive()) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static BufferedReader reader(Process process) {
        return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    private static BlockingQueue<String> lines(Process process) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        BufferedReader in = reader(process);
        Thread reader = new Thread(() -> {
            try {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the client ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private String next(BlockingQueue<String> lines, Process client) throws Exception {
        String line = null;
        for (int i = 0; i < 60 && line == null && (client.isAlive() || !lines.isEmpty()); i++) {
            line = lines.poll(1, TimeUnit.SECONDS);
        }
        if (line == null) {
            throw new AssertionError("the client said nothing within 60 s (alive: " + client.isAlive() + "): "
                    + Files.readString(tempDir.resolve("client.err")));
        }
        return line;
    }

    private static String drain(BufferedReader out) {
        StringBuilder sb = new StringBuilder();
        try {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                sb.append(line).append('\n');
            }
        } catch (IOException ignored) {
            // the process ended
        }
        return sb.toString();
    }
}
