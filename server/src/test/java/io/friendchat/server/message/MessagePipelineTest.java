package io.friendchat.server.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.friendchat.server.store.DataStore;
import io.friendchat.server.store.StoreException;
import io.friendchat.server.testing.ApiClient;
import io.friendchat.server.testing.Backend;
import io.friendchat.server.testing.RawSocket;
import io.friendchat.server.testing.SocketClient;
import io.friendchat.server.testing.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The send path as design.md states it: stored, then acknowledged, then published, in seq order
 * per room, with no lock across the write, on both stores. Some tests put a delay or a fault in
 * front of the real store.
 */
class MessagePipelineTest {
    @TempDir
    Path tempDir;

    private TestServer server;
    private final List<AutoCloseable> closeAfter = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeAfter) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void start(Backend backend, UnaryOperator<MessageStore> wrap, String... env) {
        Backend.Target target = backend.newTarget(tempDir);
        Map<String, String> settings = target.env();
        for (int i = 0; i < env.length; i += 2) {
            settings.put(env[i], env[i + 1]);
        }
        server = TestServer.start(settings, new WrappedMessages(target.open(), wrap));
    }

    private SocketClient connect(ApiClient who) throws Exception {
        SocketClient socket = SocketClient.withToken(server, who.sessionToken());
        closeAfter.add(socket);
        return socket.awaitConnected();
    }

    private String createRoom(ApiClient owner, String... members) {
        String list = String.join(
                ",", List.of(members).stream().map(m -> '"' + m + '"').toList());
        return owner.post("/api/rooms", "{\"name\":\"pipeline\",\"members\":[" + list + "]}")
                .json()
                .at("/room/id")
                .asText();
    }

    private static JSONObject send(String roomId, String clientId, String text) throws Exception {
        return new JSONObject().put("roomId", roomId).put("clientId", clientId).put("text", text);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void a_send_is_acknowledged_only_once_the_store_holds_it(Backend backend) throws Exception {
        CountDownLatch commit = new CountDownLatch(1);
        List<Boolean> heldWhenReported = new ArrayList<>();
        start(backend, inner -> new DelegatingMessages(inner) {
            @Override
            public CompletionStage<Appended> append(NewMessage m, Consumer<Appended> onDurable) {
                if (m.kind() != Message.Kind.TEXT) {
                    return inner.append(m, onDurable);
                }
                // The write reaches the store only when the test lets it: a commit that takes long.
                return CompletableFuture.runAsync(() -> await(commit))
                        .thenCompose(v -> inner.append(m, appended -> {
                            heldWhenReported.add(inner.after(m.roomId(), 0, 1000).stream()
                                    .anyMatch(stored -> stored.clientId().equals(m.clientId())));
                            onDurable.accept(appended);
                        }));
            }
        });
        ApiClient alice = server.client().signup("alice");
        String roomId = createRoom(alice);
        SocketClient socket = connect(alice);

        CompletableFuture<JSONObject> ack = socket.emitWithAck("message:send", send(roomId, "c1", "slow"));
        // A later event of the same socket is answered while the write waits: the socket does
        // not wait for the disk, and the send's ack would have come by now if it did not.
        assertTrue(socket.request("room:join", new JSONObject().put("roomId", roomId))
                .has("room"));
        assertFalse(ack.isDone(), "acknowledged before the store held it: " + ack.getNow(null));
        assertNull(socket.poll("message:new", 200), "published before the store held it");

        commit.countDown();
        JSONObject message = ack.get(10, TimeUnit.SECONDS).getJSONObject("message");
        assertEquals("slow", message.getString("body"));
        assertEquals(List.of(true), heldWhenReported, "the store held the message when it was reported durable");
        assertEquals("c1", socket.next("message:new").getJSONObject("message").getString("clientId"));
    }

    @Test
    void a_stop_finishes_a_send_in_flight_and_acknowledges_it_before_the_sockets_close() throws Exception {
        CountDownLatch commit = new CountDownLatch(1);
        start(Backend.SQLITE, inner -> new DelegatingMessages(inner) {
            @Override
            public CompletionStage<Appended> append(NewMessage m, Consumer<Appended> onDurable) {
                if (m.kind() != Message.Kind.TEXT) {
                    return inner.append(m, onDurable);
                }
                return CompletableFuture.runAsync(() -> await(commit)).thenCompose(v -> inner.append(m, onDurable));
            }
        });
        ApiClient alice = server.client().signup("alice");
        String roomId = createRoom(alice);
        SocketClient socket = connect(alice);
        CompletableFuture<JSONObject> ack = socket.emitWithAck("message:send", send(roomId, "c1", "in flight"));
        assertTrue(socket.request("room:join", new JSONObject().put("roomId", roomId))
                .has("room"));
        assertFalse(ack.isDone(), "the write was not held");

        Thread stopping = new Thread(server.server()::stop, "test-stop");
        stopping.start();
        // The stop waits for the held send (a timed wait, so that it is bounded).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (stopping.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(Thread.State.TIMED_WAITING, stopping.getState(), "the stop did not wait for the send");
        assertTrue(socket.connected(), "the socket was closed before its send was acknowledged");

        commit.countDown();
        assertEquals(
                "in flight",
                ack.get(10, TimeUnit.SECONDS).getJSONObject("message").getString("body"));
        stopping.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(stopping.isAlive(), "the stop did not finish");
        // (That the official clients then reconnect by themselves is GracefulStopTest's part.)
        try (DataStore reopened = Backend.SQLITE.newTarget(tempDir).open()) {
            assertEquals(
                    List.of("c1"),
                    reopened.messages().after(roomId, 0, 10).stream()
                            .filter(m -> m.kind() == Message.Kind.TEXT)
                            .map(Message::clientId)
                            .toList());
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void concurrent_senders_in_one_room_get_gap_free_seqs_published_in_order(Backend backend) throws Exception {
        start(
                backend,
                UnaryOperator.identity(),
                "FRIENDCHAT_MESSAGE_BURST",
                "1000",
                "FRIENDCHAT_MESSAGES_PER_SECOND",
                "1000");
        List<String> names = List.of("ann", "ben", "cat", "dan");
        List<ApiClient> users = new ArrayList<>();
        for (String name : names) {
            users.add(server.client().signup(name));
        }
        ApiClient watcher = server.client().signup("wes");
        String roomId = createRoom(watcher, names.toArray(String[]::new));
        SocketClient watching = connect(watcher);
        long before =
                server.server().store().messages().latest(roomId).orElseThrow().seq();
        int perSender = 50;

        List<CompletableFuture<JSONObject>> acks = new ArrayList<>();
        for (int u = 0; u < users.size(); u++) {
            SocketClient socket = connect(users.get(u));
            for (int i = 0; i < perSender; i++) {
                // Fired without waiting, so each socket has many sends in flight at once.
                acks.add(socket.emitWithAck(
                        "message:send", send(roomId, names.get(u) + "-" + i, names.get(u) + " " + i)));
            }
        }
        Map<String, Long> ackedSeq = new HashMap<>();
        for (CompletableFuture<JSONObject> ack : acks) {
            JSONObject message = ack.get(20, TimeUnit.SECONDS).getJSONObject("message");
            ackedSeq.put(message.getString("clientId"), message.getLong("seq"));
        }

        int total = users.size() * perSender;
        List<JSONObject> published = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            published.add(watching.next("message:new").getJSONObject("message"));
        }
        Map<String, Integer> lastIndexBySender = new HashMap<>();
        for (int i = 0; i < total; i++) {
            JSONObject m = published.get(i);
            assertEquals(before + 1 + i, m.getLong("seq"), "published in seq order with no gap");
            assertEquals(ackedSeq.get(m.getString("clientId")), m.getLong("seq"), "the ack and the push agree");
            String[] parts = m.getString("clientId").split("-");
            int index = Integer.parseInt(parts[1]);
            Integer previous = lastIndexBySender.put(parts[0], index);
            assertEquals(previous == null ? 0 : previous + 1, index, "one socket's sends keep their order");
        }
        assertEquals(total, ackedSeq.size());
        assertEquals(
                before + total,
                server.server().store().messages().latest(roomId).orElseThrow().seq());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void a_send_that_fails_to_store_is_neither_acknowledged_nor_published(Backend backend) throws Exception {
        start(backend, inner -> new DelegatingMessages(inner) {
            @Override
            public CompletionStage<Appended> append(NewMessage m, Consumer<Appended> onDurable) {
                if ("boom".equals(m.body())) {
                    return CompletableFuture.failedFuture(new StoreException("the disk is full", null));
                }
                return inner.append(m, onDurable);
            }
        });
        ApiClient alice = server.client().signup("alice");
        ApiClient bob = server.client().signup("bob");
        String roomId = createRoom(alice, "bob");
        SocketClient alices = connect(alice);
        SocketClient bobs = connect(bob);

        JSONObject failed = alices.request("message:send", send(roomId, "c1", "boom"));
        JSONObject ok = alices.request("message:send", send(roomId, "c2", "fine"));

        assertEquals("internal", failed.getJSONObject("error").getString("code"), failed.toString());
        assertFalse(failed.has("message"));
        assertEquals("fine", ok.getJSONObject("message").getString("body"));
        // The later message arrives; the failed one, which would have come first, never does.
        assertEquals("fine", bobs.next("message:new").getJSONObject("message").getString("body"));
        assertNull(bobs.poll("message:new", 300));
        assertTrue(server.server().store().messages().after(roomId, 0, 100).stream()
                .noneMatch(m -> "boom".equals(m.body())));
    }

    /** The outbound path does not depend on the store; SQLite keeps the 5,000 sends quick. */
    @Test
    void a_member_who_reads_nothing_does_not_stall_the_others() throws Exception {
        start(
                Backend.SQLITE,
                UnaryOperator.identity(),
                "FRIENDCHAT_MESSAGE_BURST",
                "100000",
                "FRIENDCHAT_MESSAGES_PER_SECOND",
                "100000",
                "FRIENDCHAT_EVENTS_PER_SOCKET_PER_SECOND",
                "100000");
        ApiClient alice = server.client().signup("alice");
        ApiClient bob = server.client().signup("bob");
        ApiClient carol = server.client().signup("carol");
        String roomId = createRoom(alice, "bob", "carol");
        RawSocket stalled = RawSocket.connect(server, bob.sessionToken());
        closeAfter.add(stalled);
        stalled.stopReading();
        SocketClient alices = connect(alice);
        SocketClient carols = connect(carol);
        String text = "x".repeat(MessageService.MAX_TEXT);
        // 4 KB messages until the server drops the stalled member, which takes more than the TCP
        // buffers (about 10 MB on loopback) and the socket's outbound queue (4,096 frames) hold;
        // at most 12,000 (48 MB). In windows of 200: the official client refuses to queue more
        // than 16 MiB itself.
        int window = 200;
        int sent = 0;
        while (sent < 12_000 && (sent % 1000 != 0 || isOnline(alice, roomId, "bob"))) {
            List<CompletableFuture<JSONObject>> acks = new ArrayList<>();
            for (int i = sent; i < sent + window; i++) {
                acks.add(alices.emitWithAck("message:send", send(roomId, "m" + i, text)));
            }
            for (int i = sent; i < sent + window; i++) {
                JSONObject ack = acks.get(i - sent).get(20, TimeUnit.SECONDS);
                assertNotNull(ack.optJSONObject("message"), "send " + i + ": " + ack);
                assertEquals(
                        "m" + i,
                        carols.next("message:new").getJSONObject("message").getString("clientId"));
            }
            sent += window;
        }
        assertFalse(isOnline(alice, roomId, "bob"), "the server dropped the consumer whose queue overflowed");
        int count = sent;
        Optional<Message> last = server.server().store().messages().latest(roomId);
        assertEquals("m" + (count - 1), last.orElseThrow().clientId());
    }

    private static boolean isOnline(ApiClient viewer, String roomId, String username) {
        for (JsonNode member : viewer.get("/api/rooms/" + roomId).json().findValue("members")) {
            if (member.path("username").asText().equals(username)) {
                return member.path("online").asBoolean();
            }
        }
        throw new AssertionError(username + " is not a member");
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never let the write through");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A real store whose message store is wrapped. */
    private static final class WrappedMessages implements DataStore {
        private final DataStore inner;
        private final Stores stores;

        WrappedMessages(DataStore inner, UnaryOperator<MessageStore> wrap) {
            this.inner = inner;
            Stores s = inner.stores();
            this.stores = new Stores(
                    s.users(),
                    s.sessions(),
                    s.rooms(),
                    s.members(),
                    wrap.apply(s.messages()),
                    s.audit(),
                    s.invites(),
                    s.blocks());
        }

        @Override
        public String kind() {
            return inner.kind();
        }

        @Override
        public boolean isHealthy() {
            return inner.isHealthy();
        }

        @Override
        public Stores stores() {
            return stores;
        }

        @Override
        public io.friendchat.server.search.MessageSearch messageSearch() {
            return inner.messageSearch();
        }

        @Override
        public io.friendchat.server.file.FileStore files() {
            return inner.files();
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    /** Passes everything to the real message store; tests override what they delay or fail. */
    private static class DelegatingMessages implements MessageStore {
        final MessageStore inner;

        DelegatingMessages(MessageStore inner) {
            this.inner = inner;
        }

        @Override
        public CompletionStage<Appended> append(NewMessage message, Consumer<Appended> onDurable) {
            return inner.append(message, onDurable);
        }

        @Override
        public List<Message> before(String roomId, long beforeSeq, int limit) {
            return inner.before(roomId, beforeSeq, limit);
        }

        @Override
        public List<Message> after(String roomId, long afterSeq, int limit) {
            return inner.after(roomId, afterSeq, limit);
        }

        @Override
        public Optional<Message> latest(String roomId) {
            return inner.latest(roomId);
        }

        @Override
        public long count() {
            return inner.count();
        }

        @Override
        public Optional<Message> find(String roomId, String messageId) {
            return inner.find(roomId, messageId);
        }

        @Override
        public List<Message> findByIds(String roomId, java.util.Collection<String> ids) {
            return inner.findByIds(roomId, ids);
        }

        @Override
        public CompletionStage<Changed> change(
                String roomId, String messageId, UnaryOperator<Message> change, Consumer<Changed> onDurable) {
            return inner.change(roomId, messageId, change, onDurable);
        }

        @Override
        public List<Message> changedAfter(String roomId, long afterRev, long maxSeq, int limit) {
            return inner.changedAfter(roomId, afterRev, maxSeq, limit);
        }

        @Override
        public long latestRev(String roomId) {
            return inner.latestRev(roomId);
        }

        @Override
        public long countMentions(String roomId, String userId, long afterSeq) {
            return inner.countMentions(roomId, userId, afterSeq);
        }
    }
}
