package io.friendchat.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.friendchat.server.Config;
import io.friendchat.server.FriendChatServer;
import io.friendchat.server.store.DataStore;
import io.friendchat.server.web.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** A real FriendChat server on a free port, and a plain java.net.http client for it. */
public final class TestServer implements AutoCloseable {
    private final FriendChatServer server;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestServer(FriendChatServer server) {
        this.server = server;
    }

    public static TestServer start(Backend backend, Path tempDir) {
        return start(backend.newTarget(tempDir).env());
    }

    public static TestServer start(Map<String, String> env) {
        return start(env, Clock.systemUTC());
    }

    /** A server over {@code store}, an open store of the target the environment names. */
    public static TestServer start(Map<String, String> env, DataStore store) {
        return new TestServer(FriendChatServer.create(Config.fromEnv(env), Clock.systemUTC(), store)
                .start());
    }

    public static TestServer start(Map<String, String> env, Clock clock) {
        return new TestServer(
                FriendChatServer.create(Config.fromEnv(env), clock).start());
    }

    /** A client with its own cookie, like one browser. */
    public ApiClient client() {
        return new ApiClient(this);
    }

    public FriendChatServer server() {
        return server;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET());
    }

    public Response send(HttpRequest.Builder request) {
        return send(http, request);
    }

    /** Sends with another client, such as one that trusts a test certificate. */
    public static Response send(HttpClient client, HttpRequest.Builder request) {
        try {
            HttpResponse<String> response =
                    client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }

    public record Response(HttpResponse<String> raw) {
        public int status() {
            return raw.statusCode();
        }

        public String body() {
            return raw.body();
        }

        public JsonNode json() {
            try {
                return Json.MAPPER.readTree(raw.body());
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + raw.body(), e);
            }
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }
}
