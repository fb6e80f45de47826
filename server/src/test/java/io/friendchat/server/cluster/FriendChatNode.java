package io.friendchat.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.friendchat.server.Main;
import io.friendchat.server.testing.ChildJvm;
import io.friendchat.server.testing.EndsWithParent;
import io.friendchat.server.testing.ProcessLog;
import io.friendchat.server.testing.Processes;
import io.friendchat.server.web.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One FriendChat node: the real {@link Main} in its own JVM, as an operator starts it, so a test
 * can {@code kill -9} it. A restart keeps its id and port, as a node behind a load balancer does.
 * The node also ends when the test JVM does ({@link EndsWithParent}).
 */
final class FriendChatNode implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on [^:]+:(\\d+)");
    // Small heaps and C1 only: three of these share two cores with the test and its clients.
    private static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String id;
    private final Map<String, String> env;
    private final Path dir;
    private int port;
    private Process process;
    private ProcessLog log;

    private FriendChatNode(String id, Map<String, String> env, Path dir) {
        this.id = id;
        this.env = env;
        this.dir = dir;
    }

    /**
     * Starts node {@code id} on a free port; {@link #awaitListening} waits for it. {@code settings}
     * are the cluster's environment (store, bus, limits), shared by every node.
     */
    static FriendChatNode start(String id, Map<String, String> settings, Path root) throws IOException {
        Path dir = Files.createDirectories(root.resolve(id));
        Map<String, String> env = new HashMap<>(settings);
        env.put("FRIENDCHAT_NODE_ID", id);
        env.put("FRIENDCHAT_HOST", "127.0.0.1");
        env.put("FRIENDCHAT_DATA_DIR", dir.resolve("data").toString());
        FriendChatNode node = new FriendChatNode(id, env, dir);
        node.launch(0);
        return node;
    }

    private void launch(int onPort) throws IOException {
        env.put("PORT", Integer.toString(onPort));
        process = ChildJvm.start(EndsWithParent.class, JVM_OPTIONS, env, dir, Main.class.getName());
        log = new ProcessLog("node " + id, process, dir.resolve("node.log"));
    }

    /** Waits until the node listens; fails with its last log lines when it exits or hangs. */
    void awaitListening() throws InterruptedException {
        int listening =
                Integer.parseInt(log.await(LISTENING, Duration.ofSeconds(60)).group(1));
        if (port != 0 && listening != port) {
            throw new AssertionError("node " + id + " came back on port " + listening + ", not " + port);
        }
        port = listening;
    }

    /** Starts the node again on its port after {@link #kill9}. */
    void restart() throws IOException, InterruptedException {
        if (running()) {
            throw new IllegalStateException("node " + id + " is running");
        }
        launch(port);
        awaitListening();
    }

    /** SIGKILL: no shutdown hook runs, sockets are cut, nothing is flushed or said to peers. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError("node " + id + " did not die on SIGKILL");
        }
    }

    boolean running() {
        return process.isAlive();
    }

    String id() {
        return id;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** {@code GET /healthz}: the status code and the JSON body, or null when the node does not answer. */
    Health health() {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url() + "/healthz"))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Health(response.statusCode(), Json.MAPPER.readTree(response.body()));
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    record Health(int status, JsonNode body) {
        /** The {@code redis} field: {@code up}, {@code down}, or empty when the node does not report it. */
        String redis() {
            return body.path("redis").asText("");
        }
    }

    /** The node's last log lines, for a failure message. */
    String logTail() {
        return log.tail();
    }

    @Override
    public void close() {
        if (process != null) {
            Processes.kill(process);
        }
    }

    @Override
    public String toString() {
        return id + (running() ? " (" + url() + ")" : " (down)");
    }
}
