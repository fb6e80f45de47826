package io.friendchat.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.friendchat.server.web.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Socket.IO client that writes the exact JSON text it is given, over the JDK WebSocket. The
 * official clients re-encode payloads (a lone surrogate becomes {@code ?} on the way), so tests
 * that need a byte-exact payload, such as {@code "\ud800"} as a JSON escape or a 2,001-digit
 * number, use this one.
 */
public final class RawSocket implements AutoCloseable {
    private final WebSocket ws;
    private final LinkedBlockingQueue<String> packets = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private volatile boolean reading = true;
    private int nextAckId = 1;

    private RawSocket(TestServer server) throws Exception {
        URI uri = URI.create("ws://127.0.0.1:" + server.server().port() + "/socket.io/?EIO=4&transport=websocket");
        ws = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(uri, new Listener())
                .get(10, TimeUnit.SECONDS);
    }

    /** Opens the Engine.IO session and joins the main namespace with a session token. */
    public static RawSocket connect(TestServer server, String token) throws Exception {
        RawSocket socket = new RawSocket(server);
        socket.expect("0");
        socket.send("40" + Json.MAPPER.writeValueAsString(java.util.Map.of("token", token)));
        socket.expect("40{");
        return socket;
    }

    /**
     * Emits {@code event} with {@code payloadJson} written as is, and returns the ack's first
     * argument, or null when the connection closed instead.
     */
    public JsonNode request(String event, String payloadJson) throws Exception {
        int id = nextAckId++;
        send("42" + id + "[" + Json.MAPPER.writeValueAsString(event) + "," + payloadJson + "]");
        String prefix = "43" + id;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String packet = packets.poll(50, TimeUnit.MILLISECONDS);
            if (packet == null) {
                if (closed.isDone()) {
                    return null;
                }
            } else if (packet.startsWith(prefix)) {
                return Json.MAPPER.readTree(packet.substring(prefix.length())).get(0);
            }
        }
        throw new AssertionError("no ack for " + event + " within 10 s");
    }

    /** True once the server has closed the connection, waiting up to 5 s. */
    public boolean awaitClosed() throws Exception {
        try {
            closed.get(5, TimeUnit.SECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    /** Every text packet received so far and not yet consumed. */
    public java.util.List<String> drain() {
        java.util.List<String> out = new java.util.ArrayList<>();
        packets.drainTo(out);
        return out;
    }

    private void send(String text) throws Exception {
        ws.sendText(text, true).get(10, TimeUnit.SECONDS);
    }

    private void expect(String prefix) throws InterruptedException, IOException {
        String packet = packets.poll(10, TimeUnit.SECONDS);
        if (packet == null || !packet.startsWith(prefix)) {
            throw new AssertionError("expected a packet starting with " + prefix + ", got " + packet);
        }
    }

    /**
     * From now on, reads nothing more from the connection: the server's frames pile up in the
     * TCP buffers and then in its outbound queue, as with a client on a stalled network.
     */
    public void stopReading() {
        reading = false;
    }

    @Override
    public void close() {
        ws.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String packet = partial.toString();
                partial.setLength(0);
                if (packet.equals("2")) {
                    webSocket.sendText("3", true);
                } else {
                    packets.add(packet);
                }
            }
            if (reading) {
                webSocket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }
    }
}
