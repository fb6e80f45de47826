package io.friendchat.socketio;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Raw Engine.IO traffic for the conformance tests: HTTP with java.net.http, the JDK WebSocket. */
final class Wire {
    static final Duration WAIT = Duration.ofSeconds(5);
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(WAIT)
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    final String base;

    /** {@code base} is e.g. {@code http://localhost:1234/engine.io/}. */
    Wire(int port, String path) {
        this.base = "http://localhost:" + port + path;
    }

    HttpResponse<String> get(String query) {
        return send(HttpRequest.newBuilder(URI.create(base + "?" + query)).GET());
    }

    CompletableFuture<HttpResponse<String>> getAsync(String query) {
        return HTTP.sendAsync(
                HttpRequest.newBuilder(URI.create(base + "?" + query))
                        .timeout(WAIT)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String query, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + "?" + query))
                .header("Content-Type", "text/plain;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("request failed", e);
        }
    }

    /** Opens a polling session and returns its sid. */
    String openPolling() {
        HttpResponse<String> response = get("EIO=4&transport=polling");
        if (response.statusCode() != 200 || !response.body().startsWith("0")) {
            fail("handshake failed: " + response.statusCode() + " " + response.body());
        }
        return json(response.body().substring(1)).get("sid").asText();
    }

    String pollingQuery(String sid) {
        return "EIO=4&transport=polling&sid=" + sid;
    }

    Ws ws(String query) {
        return Ws.open(base.replace("http:", "ws:") + "?" + query);
    }

    /** The status of a refused WebSocket handshake (fails if it was accepted). */
    int wsRefusal(String query) {
        try {
            HTTP.newWebSocketBuilder()
                    .buildAsync(URI.create(base.replace("http:", "ws:") + "?" + query), new WebSocket.Listener() {})
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS)
                    .abort();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw new AssertionError("unexpected failure", e);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("WebSocket handshake was accepted: " + query);
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** Waits until the condition holds; a polling await, not a fixed sleep. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** A JDK WebSocket whose messages (String or byte[]) queue up for the test to take. */
    static final class Ws implements WebSocket.Listener {
        final LinkedBlockingQueue<Object> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        final LinkedBlockingQueue<String> pongs = new LinkedBlockingQueue<>();
        private final StringBuilder text = new StringBuilder();
        private java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();
        WebSocket socket;

        static Ws open(String url) {
            Ws ws = new Ws();
            try {
                ws.socket = HTTP.newWebSocketBuilder()
                        .connectTimeout(WAIT)
                        .buildAsync(URI.create(url), ws)
                        .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                throw new AssertionError("WebSocket did not open: " + url, e);
            }
            return ws;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                messages.add(text.toString());
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            binary.writeBytes(chunk);
            if (last) {
                messages.add(binary.toByteArray());
                binary = new java.io.ByteArrayOutputStream();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
            pongs.add(java.nio.charset.StandardCharsets.UTF_8.decode(message).toString());
            ws.request(1);
            return null;
        }

        /** The payload of the next WebSocket pong. */
        String nextPong() {
            return take(pongs, "pong");
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.complete(-1);
        }

        Object next() {
            return take(messages, "message");
        }

        private static <T> T take(LinkedBlockingQueue<T> queue, String what) {
            try {
                T item = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                assertNotNull(item, "no WebSocket " + what + " within " + WAIT);
                return item;
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }

        String nextText() {
            Object message = next();
            if (!(message instanceof String s)) {
                throw new AssertionError("expected text, got binary");
            }
            return s;
        }

        /** The next text message that is not a server ping. */
        String nextNonPing() {
            while (true) {
                String s = nextText();
                if (!s.equals("2")) {
                    return s;
                }
            }
        }

        /** The next message that is not a server ping. */
        Object nextNonPingMessage() {
            while (true) {
                Object m = next();
                if (!"2".equals(m)) {
                    return m;
                }
            }
        }

        void send(String message) {
            socket.sendText(message, true).join();
        }

        void sendBinary(byte[] data) {
            socket.sendBinary(ByteBuffer.wrap(data), true).join();
        }

        /** Waits for the server to close the connection. */
        void awaitClose() {
            try {
                closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                throw new AssertionError("server did not close the WebSocket", e);
            }
        }

        /** Waits for the server to close the connection; returns the close status it sent. */
        int awaitCloseStatus() {
            awaitClose();
            return closed.join();
        }

        boolean isClosed() {
            return closed.isDone() || socket.isInputClosed();
        }

        void abort() {
            socket.abort();
        }
    }

    static <T> T join(CompletableFuture<T> future) {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | CompletionException e) {
            throw new AssertionError(e.getCause());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
