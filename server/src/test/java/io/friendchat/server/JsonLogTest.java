package io.friendchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.friendchat.server.testing.ChildJvm;
import io.friendchat.server.web.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code FRIENDCHAT_LOG_FORMAT=json} with the production logback.xml, in a child JVM as an operator
 * runs it: every stdout line is one JSON object, and a request's line carries its request id.
 */
class JsonLogTest {
    @TempDir
    Path tempDir;

    @Test
    void json_format_writes_one_object_per_line_with_the_request_id() throws Exception {
        // The test classpath has logback-test.xml first; the child uses the file that ships.
        String logback = Path.of(System.getProperty("friendchat.test.classpath"), "logback.xml")
                .toString();
        Process process = ChildJvm.start(
                Main.class,
                List.of("-Dlogback.configurationFile=" + logback),
                Map.of(
                        "PORT", "0",
                        "FRIENDCHAT_HOST", "127.0.0.1",
                        "FRIENDCHAT_DATA_DIR", tempDir.resolve("data").toString(),
                        "FRIENDCHAT_LOG_FORMAT", "json"),
                tempDir);
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            JsonNode listening = nextObject(out, FriendChatServer.class.getName());
            String message = listening.path("message").asText();
            assertTrue(message.contains("listening on 127.0.0.1:"), message);
            assertEquals("INFO", listening.path("level").asText());
            assertNotNull(listening.get("@timestamp"));
            int port = Integer.parseInt(message.replaceAll(".*listening on 127\\.0\\.0\\.1:(\\d+).*", "$1"));

            HttpResponse<String> health = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            String rid = health.headers().firstValue("X-Request-Id").orElseThrow();

            JsonNode request = nextObject(out, "friendchat.http");
            assertTrue(request.path("message").asText().startsWith("GET /healthz 200 "), request.toString());
            assertEquals(rid, request.path("requestId").asText(), request.toString());
        } finally {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Reads lines, each of which must be a JSON object, until one from {@code logger} (30 s at most). */
    private static JsonNode nextObject(BufferedReader out, String logger) throws Exception {
        try {
            return CompletableFuture.supplyAsync(() -> {
                        try {
                            return readUntil(out, logger);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static JsonNode readUntil(BufferedReader out, String logger) throws IOException {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            JsonNode event = Json.MAPPER.readTree(line);
            assertTrue(event.isObject(), line);
            if (logger.equals(event.path("logger_name").asText())) {
                return event;
            }
        }
        throw new AssertionError("the server ended without a line from " + logger);
    }
}
