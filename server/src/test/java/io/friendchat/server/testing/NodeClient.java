package io.friendchat.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.friendchat.server.web.Json;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The official JavaScript client (socket.io-client 4.8 under Node), run through
 * {@code src/test/js/connect.mjs}. The Maven build installs it with {@code npm ci}; when it is
 * missing the test fails, it is never skipped.
 */
public final class NodeClient {
    private static final Path JS = Path.of("src", "test", "js");

    private NodeClient() {}

    /** Connects once and returns the script's JSON verdict ({@code connected}, {@code transport}, {@code error}). */
    public static JsonNode connect(String url, String... options) throws Exception {
        if (!Files.isDirectory(JS.resolve("node_modules").resolve("socket.io-client"))) {
            throw new AssertionError("socket.io-client is not installed in " + JS.toAbsolutePath()
                    + ": run the Maven build (it runs npm ci) or npm ci there");
        }
        List<String> command = new ArrayList<>(List.of("node", "connect.mjs", url));
        command.addAll(List.of(options));
        File out = File.createTempFile("node-client", ".out");
        File err = File.createTempFile("node-client", ".err");
        try {
            Process process;
            try {
                process = new ProcessBuilder(command)
                        .directory(JS.toFile())
                        .redirectOutput(out)
                        .redirectError(err)
                        .start();
            } catch (IOException e) {
                throw new AssertionError("cannot run node (Node.js 20 is required for these tests)", e);
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the Node client did not finish: " + Files.readString(err.toPath()));
            }
            String printed =
                    Files.readString(out.toPath(), StandardCharsets.UTF_8).trim();
            if (process.exitValue() != 0 || printed.isEmpty()) {
                throw new AssertionError("the Node client failed (" + process.exitValue() + "): "
                        + Files.readString(err.toPath(), StandardCharsets.UTF_8));
            }
            return Json.MAPPER.readTree(printed);
        } finally {
            Files.deleteIfExists(out.toPath());
            Files.deleteIfExists(err.toPath());
        }
    }
}
