package io.friendchat.server.testing;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;

/** The official Java Socket.IO client, connected to a test server, with blocking helpers. */
public final class SocketClient implements AutoCloseable {
    private final Socket socket;
    private final Map<String, LinkedBlockingQueue<JSONObject>> received = new ConcurrentHashMap<>();
    private final CompletableFuture<String> connectError = new CompletableFuture<>();
    private final CompletableFuture<Void> connected = new CompletableFuture<>();
    private final LinkedBlockingQueue<String> disconnects = new LinkedBlockingQueue<>();

    private SocketClient(String url, IO.Options options, List<String> events) {
        socket = IO.socket(URI.create(url), options);
        for (String event : events) {
            LinkedBlockingQueue<JSONObject> queue = new LinkedBlockingQueue<>();
            received.put(event, queue);
            socket.on(
                    event,
                    args -> queue.add(args.length > 0 && args[0] instanceof JSONObject o ? o : new JSONObject()));
        }
        socket.on(Socket.EVENT_CONNECT, args -> connected.complete(null));
        socket.on(
                Socket.EVENT_CONNECT_ERROR,
                args -> connectError.complete(
                        args.length > 0 && args[0] instanceof JSONObject o
                                ? o.optString("message")
                                : String.valueOf(args[0])));
        socket.on(Socket.EVENT_DISCONNECT, args -> disconnects.add(args.length > 0 ? String.valueOf(args[0]) : ""));
        socket.connect();
    }

    /** Every server event of the chat, recorded. */
    private static final List<String> EVENTS = List.of(
            "message:new",
            "message:changed",
            "room:notify",
            "member:joined",
            "member:left",
            "typing",
            "room:read",
            "presence",
            "member:added",
            "member:removed",
            "member:role",
            "room:added",
            "room:updated",
            "room:removed",
            "room:deleted");

    /** Connects with a session token in the auth payload, as a native client does. */
    public static SocketClient withToken(TestServer server, String token) {
        IO.Options options = baseOptions();
        if (token != null) {
            options.auth = Map.of("token", token);
        }
        return new SocketClient(server.baseUrl(), options, EVENTS);
    }

    /** Connects with the session cookie, as a browser does. */
    public static SocketClient withCookie(TestServer server, String token) {
        IO.Options options = baseOptions();
        options.extraHeaders = Map.of("Cookie", List.of("fc_session=" + token));
        return new SocketClient(server.baseUrl(), options, EVENTS);
    }

    private static IO.Options baseOptions() {
        IO.Options options = new IO.Options();
        options.forceNew = true;
        options.reconnection = false;
        options.transports = new String[] {"websocket"};
        return options;
    }

    /** Waits for the connection; fails the test with the server's reason when refused. */
    public SocketClient awaitConnected() throws Exception {
        CompletableFuture.anyOf(connected, connectError).get(10, TimeUnit.SECONDS);
        if (connectError.isDone()) {
            throw new AssertionError("connection refused: " + connectError.get());
        }
        return this;
    }

    /** The CONNECT_ERROR message, waiting for it. */
    public String awaitConnectError() throws Exception {
        return connectError.get(10, TimeUnit.SECONDS);
    }

    /** Emits an event and waits for its ack. */
    public JSONObject request(String event, JSONObject payload) throws Exception {
        return emitWithAck(event, payload).get(10, TimeUnit.SECONDS);
    }

    /** Emits an event without waiting: the future completes with its ack. */
    public CompletableFuture<JSONObject> emitWithAck(String event, JSONObject payload) {
        CompletableFuture<JSONObject> reply = new CompletableFuture<>();
        socket.emit(event, new Object[] {payload}, (Ack)
                args -> reply.complete(args.length > 0 && args[0] instanceof JSONObject o ? o : new JSONObject()));
        return reply;
    }

    /** Emits an event with no ack callback. */
    public void fire(String event, Object... args) {
        socket.emit(event, args);
    }

    /** The next occurrence of a server event, waiting up to 5 s. */
    public JSONObject next(String event) throws Exception {
        JSONObject payload = received.get(event).poll(5, TimeUnit.SECONDS);
        assertNotNull(payload, "no " + event + " within 5 s");
        return payload;
    }

    /** The next occurrence of a server event within {@code millis}, or null. */
    public JSONObject poll(String event, long millis) throws InterruptedException {
        return received.get(event).poll(millis, TimeUnit.MILLISECONDS);
    }

    /** Forgets what was received so far. */
    public void clear() {
        received.values().forEach(LinkedBlockingQueue::clear);
    }

    /** The reason of the next disconnect, waiting up to 5 s, or null. */
    public String awaitDisconnect() throws InterruptedException {
        return disconnects.poll(5, TimeUnit.SECONDS);
    }

    public boolean connected() {
        return socket.connected();
    }

    @Override
    public void close() {
        socket.close();
    }
}
