package io.friendchat.socketio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import io.socket.engineio.client.transports.Polling;
import io.socket.engineio.client.transports.WebSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official Java client, io.socket:socket.io-client 2.1.2, against our server. */
class JavaClientInteropTest {
    private static InteropServer server;
    private final List<Socket> opened = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void start() throws Exception {
        server = new InteropServer();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @AfterEach
    void closeClients() {
        opened.forEach(Socket::close);
    }

    private Socket client(String path, String[] transports, Map<String, String> auth) {
        IO.Options options = new IO.Options();
        options.forceNew = true;
        options.reconnectionDelay = 100;
        options.reconnectionDelayMax = 200;
        if (transports != null) {
            options.transports = transports;
        }
        if (auth != null) {
            options.auth = auth;
        }
        Socket socket = IO.socket(URI.create(server.url() + path), options);
        opened.add(socket);
        return socket;
    }

    /** Records the arguments of every occurrence of an event. */
    private static LinkedBlockingQueue<Object[]> record(Socket socket, String event) {
        LinkedBlockingQueue<Object[]> queue = new LinkedBlockingQueue<>();
        socket.on(event, queue::add);
        return queue;
    }

    private static Object[] next(LinkedBlockingQueue<Object[]> queue, String what) throws Exception {
        Object[] args = queue.poll(5, TimeUnit.SECONDS);
        assertNotNull(args, "no " + what + " within 5 s");
        return args;
    }

    private static void connectAndWait(Socket socket) throws Exception {
        LinkedBlockingQueue<Object[]> connected = record(socket, Socket.EVENT_CONNECT);
        socket.connect();
        next(connected, "connect");
    }

    private void exchange(String[] transports) throws Exception {
        Socket socket = client("", transports, null);
        LinkedBlockingQueue<Object[]> echoes = record(socket, "echo-back");
        LinkedBlockingQueue<Object[]> answers = record(socket, "answer");
        socket.on("question", args -> ((Ack) args[args.length - 1]).call((Integer) args[0] + 1));
        connectAndWait(socket);

        socket.emit("echo", 1, "two", new JSONObject().put("three", 3));
        Object[] echo = next(echoes, "echo-back");
        assertEquals(1, echo[0]);
        assertEquals("two", echo[1]);
        assertEquals(3, ((JSONObject) echo[2]).getInt("three"));

        CompletableFuture<Object[]> acked = new CompletableFuture<>();
        socket.emit("ack-me", new Object[] {"x"}, acked::complete);
        assertEquals("x", acked.get(5, TimeUnit.SECONDS)[0]);

        socket.emit("echo", (Object) new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) next(echoes, "binary echo")[0]);

        socket.emit("ask-me");
        assertEquals(43, next(answers, "answer")[0]);
    }

    @Test
    void websocket_only_client_exchanges_events_acks_and_binary() throws Exception {
        exchange(new String[] {WebSocket.NAME});
    }

    @Test
    void polling_only_client_exchanges_events_acks_and_binary() throws Exception {
        exchange(new String[] {Polling.NAME});
    }

    @Test
    void default_client_exchanges_events_after_polling_and_upgrade() throws Exception {
        exchange(null);
    }

    @Test
    void room_broadcast_reaches_its_members_only() throws Exception {
        Socket a = client("", null, null);
        Socket b = client("", null, null);
        Socket c = client("", null, null);
        List<LinkedBlockingQueue<Object[]>> logs = new ArrayList<>();
        List<List<String>> seen = new ArrayList<>();
        for (Socket s : List.of(a, b, c)) {
            List<String> events = Collections.synchronizedList(new ArrayList<>());
            seen.add(events);
            s.on("said", args -> events.add("said:" + args[0]));
            LinkedBlockingQueue<Object[]> markers = new LinkedBlockingQueue<>();
            s.on("marker", args -> {
                events.add("marker");
                markers.add(args);
            });
            logs.add(markers);
            connectAndWait(s);
        }
        for (Object[] join : new Object[][] {{a, "r1"}, {b, "r1"}, {c, "r2"}}) {
            CompletableFuture<Object[]> joined = new CompletableFuture<>();
            ((Socket) join[0]).emit("join", new Object[] {join[1]}, joined::complete);
            assertEquals("joined", joined.get(5, TimeUnit.SECONDS)[0]);
        }
        a.emit("say", "r1", "hello");
        a.emit("marker");
        for (LinkedBlockingQueue<Object[]> markers : logs) {
            next(markers, "marker");
        }
        assertEquals(List.of("marker"), seen.get(0));
        assertEquals(List.of("said:hello", "marker"), seen.get(1));
        assertEquals(List.of("marker"), seen.get(2));
    }

    @Test
    void client_reconnects_by_itself_after_the_server_drops_the_connection() throws Exception {
        Socket socket = client("", new String[] {WebSocket.NAME}, null);
        LinkedBlockingQueue<Object[]> connects = record(socket, Socket.EVENT_CONNECT);
        LinkedBlockingQueue<Object[]> disconnects = record(socket, Socket.EVENT_DISCONNECT);
        LinkedBlockingQueue<Object[]> echoes = record(socket, "echo-back");
        socket.connect();
        next(connects, "connect");
        String firstId = socket.id();
        socket.emit("kick");
        // "transport error" when the server had to cut the TCP connection: this client never
        // answers a close frame. Both make it reconnect by itself.
        Object reason = next(disconnects, "disconnect")[0];
        assertTrue(List.of("transport close", "transport error").contains(reason), "reason " + reason);
        next(connects, "reconnect");
        assertNotEquals(firstId, socket.id());
        socket.emit("echo", "again");
        assertEquals("again", next(echoes, "echo-back")[0]);
    }

    @Test
    void rejected_connection_gets_connect_error_within_a_second() throws Exception {
        // The admitted client goes first, so the timing below is of a warm server.
        Socket admitted = client("/private", null, Map.of("token", "secret"));
        LinkedBlockingQueue<Object[]> welcome = record(admitted, "welcome");
        admitted.connect();
        assertEquals("alice", next(welcome, "welcome")[0]);

        // Three refusals; the fastest must be under a second (see scenario.mjs for why not each).
        long fastestMs = Long.MAX_VALUE;
        Object[] error = null;
        for (int i = 0; i < 3; i++) {
            Socket refused = client("/private", new String[] {WebSocket.NAME}, Map.of("token", "wrong"));
            LinkedBlockingQueue<Object[]> errors = record(refused, Socket.EVENT_CONNECT_ERROR);
            long started = System.nanoTime();
            refused.connect();
            error = next(errors, "connect_error");
            fastestMs = Math.min(fastestMs, (System.nanoTime() - started) / 1_000_000);
            refused.close();
        }
        assertTrue(fastestMs < 1000, "connect_error took " + fastestMs + " ms at best");
        JSONObject body = (JSONObject) error[0];
        assertEquals("not authorized", body.getString("message"));
        assertEquals(401, body.getJSONObject("data").getInt("code"));
    }
}
