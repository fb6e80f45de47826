package io.friendchat.server.cluster;

import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * One browser tab of a user, on the official Java Socket.IO client, behaving as the web client
 * does (web/js/chat.js) behind a load balancer:
 *
 * <ul>
 *   <li>it joins its rooms, later with {@code sinceSeq}, and pages {@code message:history} while
 *       {@code hasMore};
 *   <li>it applies a pushed message only when its seq is the next one, and fills a gap from
 *       history first ({@link RoomLog});
 *   <li>when its node goes away it connects to the next node that answers, joins again, and sends
 *       every unacknowledged message again with the same {@code clientId}.
 * </ul>
 *
 * It also records what the cluster tests check: every raw push with the connection it came on
 * (on one connection a room's live seqs must only go up), each ack by {@code clientId} (a resend
 * must return the same message), presence events, and anything else unexpected as a problem.
 *
 * <p>Socket.IO calls listeners on its one event thread; the joining, paging and reconnecting run
 * on this tab's own worker thread, which may block waiting for acks.
 */
final class ChatTab implements AutoCloseable {
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration RECONNECT_FOR = Duration.ofSeconds(30);

    record PresenceEvent(String userId, boolean online, long atNanos) {}

    /** A {@code message:new} as it arrived, on the tab's n-th connection. */
    record Push(int connection, String node, String roomId, long seq) {}

    private final String name;
    private final Person user;
    private final List<FriendChatNode> nodes;
    private final boolean reconnects;
    private final ExecutorService worker;
    private final Map<String, RoomLog> rooms = new ConcurrentHashMap<>();
    private final Map<String, Send> pending = new LinkedHashMap<>();
    private final Map<String, ChatMessage> acked = new ConcurrentHashMap<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final List<PresenceEvent> presence = new CopyOnWriteArrayList<>();
    private final List<Push> pushes = new CopyOnWriteArrayList<>();
    private final Set<String> removedFrom = ConcurrentHashMap.newKeySet();
    private final List<String> connectedTo = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger sends = new AtomicInteger();
    private final AtomicInteger resends = new AtomicInteger();
    private volatile boolean closed;

    // Owned by the worker thread.
    private Connection current;
    private boolean ready;
    private int connections;

    private static final class Send {
        final String clientId;
        final String roomId;
        final String text;
        int emittedOn = -1;

        Send(String clientId, String roomId, String text) {
            this.clientId = clientId;
            this.roomId = roomId;
            this.text = text;
        }
    }

    private final class Connection {
        final int number;
        final FriendChatNode node;
        final Socket socket;
        final Map<String, Long> lastLiveSeq = new ConcurrentHashMap<>();
        final Set<CompletableFuture<JSONObject>> waiting = ConcurrentHashMap.newKeySet();
        volatile boolean gone;

        Connection(int number, FriendChatNode node, Socket socket) {
            this.number = number;
            this.node = node;
            this.socket = socket;
        }
    }

    private ChatTab(String name, Person user, List<FriendChatNode> nodes, boolean reconnects) {
        this.name = name;
        this.user = user;
        this.nodes = nodes;
        this.reconnects = reconnects;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tab-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Opens a tab of {@code user} on {@code nodes.get(first)}, joined to {@code roomIds}. When
     * {@code reconnects} is false the tab stays gone once its connection drops, like a laptop
     * that went to sleep with its node.
     */
    static ChatTab open(
            String name, Person user, List<FriendChatNode> nodes, int first, List<String> roomIds, boolean reconnects)
            throws Exception {
        ChatTab tab = new ChatTab(name, user, nodes, reconnects);
        for (String roomId : roomIds) {
            tab.rooms.put(roomId, new RoomLog(roomId));
        }
        boolean up = tab.worker.submit(() -> tab.connectFrom(first, false)).get(60, TimeUnit.SECONDS);
        if (!up) {
            tab.close();
            throw new AssertionError("tab " + name + " could not connect to " + nodes.get(first) + ": " + tab.problems);
        }
        return tab;
    }

    /** Runs a task on the worker; after {@link #close} there is none, and a socket's last events are dropped. */
    private void post(Runnable task) {
        try {
            worker.execute(task);
        } catch (RejectedExecutionException e) {
            // Closed.
        }
    }

    /** Sends a message; it stays pending, and is sent again after a reconnect, until acknowledged. */
    void send(String roomId, String text) {
        Send send = new Send(name + "-" + sends.incrementAndGet(), roomId, text);
        synchronized (pending) {
            pending.put(send.clientId, send);
        }
        post(() -> {
            // Not ready: the flush after the next join sends it.
            if (ready && send.emittedOn != current.number && isPending(send)) {
                emit(current, send);
            }
        });
    }

    private boolean isPending(Send send) {
        synchronized (pending) {
            return pending.containsKey(send.clientId);
        }
    }

    private void emit(Connection c, Send send) {
        if (send.emittedOn >= 0 && send.emittedOn != c.number) {
            resends.incrementAndGet();
        }
        send.emittedOn = c.number;
        JSONObject payload =
                new JSONObject(Map.of("roomId", send.roomId, "clientId", send.clientId, "text", send.text));
        c.socket.emit("message:send", new Object[] {payload}, (Ack) args -> onAck(c, send, first(args)));
    }

    private void onAck(Connection c, Send send, JSONObject reply) {
        if (reply.has("message")) {
            ChatMessage message = ChatMessage.of(reply.optJSONObject("message"));
            ChatMessage before = acked.putIfAbsent(send.clientId, message);
            if (before != null && !before.equals(message)) {
                problems.add(
                        "two acks for " + send.clientId + ": " + before + " then " + message + " from " + c.node.id());
            }
            if (!send.clientId.equals(message.clientId()) || !send.text.equals(message.body())) {
                problems.add("the ack for " + send.clientId + " is another message: " + reply);
            }
        } else {
            problems.add("message:send " + send.clientId + " refused by " + c.node.id() + ": " + reply);
        }
        synchronized (pending) {
            pending.remove(send.clientId);
        }
    }

    /** Connects to the first node that answers, from {@code nodes.get(from)} on, then joins and resends. */
    private boolean connectFrom(int from, boolean retry) throws InterruptedException {
        long deadline = System.nanoTime() + RECONNECT_FOR.toNanos();
        do {
            for (int i = 0; i < nodes.size() && !closed; i++) {
                FriendChatNode node = nodes.get((from + i) % nodes.size());
                if (connect(node)) {
                    joinAll();
                    flushPending();
                    ready = true;
                    return true;
                }
            }
            if (retry && !closed) {
                // The client's reconnection backoff, as socket.io-client has one.
                Thread.sleep(250);
            }
        } while (retry && !closed && System.nanoTime() < deadline);
        problems.add("tab " + name + " found no node to connect to");
        return false;
    }

    private boolean connect(FriendChatNode node) throws InterruptedException {
        IO.Options options = new IO.Options();
        options.forceNew = true;
        options.reconnection = false;
        options.transports = new String[] {"websocket"};
        options.auth = Map.of("token", user.token());
        Socket socket = IO.socket(URI.create(node.url()), options);
        sockets.add(socket);
        Connection c = new Connection(++connections, node, socket);
        CompletableFuture<Boolean> outcome = new CompletableFuture<>();
        socket.on(Socket.EVENT_CONNECT, args -> outcome.complete(true));
        socket.on(Socket.EVENT_CONNECT_ERROR, args -> outcome.complete(false));
        socket.on("message:new", args -> onPush(c, ChatMessage.of(first(args).optJSONObject("message"))));
        socket.on("presence", args -> {
            JSONObject p = first(args);
            presence.add(new PresenceEvent(p.optString("userId"), p.optBoolean("online"), System.nanoTime()));
        });
        socket.on("room:removed", args -> removedFrom.add(first(args).optString("roomId")));
        socket.on(Socket.EVENT_DISCONNECT, args -> {
            c.gone = true;
            c.waiting.forEach(f -> f.completeExceptionally(new IllegalStateException("disconnected")));
            post(() -> onDisconnect(c));
        });
        socket.connect();
        boolean connected;
        try {
            connected = outcome.get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            connected = false;
        }
        if (!connected) {
            socket.close();
            return false;
        }
        current = c;
        connectedTo.add(node.id());
        return true;
    }

    /** On the event thread, in arrival order: the per-connection check, then the log on the worker. */
    private void onPush(Connection c, ChatMessage message) {
        pushes.add(new Push(c.number, c.node.id(), message.roomId(), message.seq()));
        Long last = c.lastLiveSeq.put(message.roomId(), message.seq());
        if (last != null && message.seq() <= last) {
            problems.add("connection " + c.number + " to " + c.node.id() + " pushed seq " + message.seq() + " after "
                    + last + " in room " + message.roomId());
        }
        post(() -> apply(c, message));
    }

    private void apply(Connection c, ChatMessage message) {
        RoomLog log = rooms.get(message.roomId());
        if (log == null || removedFrom.contains(message.roomId())) {
            return;
        }
        if (log.offer(message, RoomLog.Source.LIVE) == RoomLog.Outcome.GAP) {
            fillGap(c, log);
            log.offer(message, RoomLog.Source.LIVE);
        }
    }

    private void fillGap(Connection c, RoomLog log) {
        boolean more = true;
        while (more) {
            JSONObject page = request(c, "message:history", Map.of("roomId", log.roomId(), "afterSeq", log.lastSeq()));
            if (page == null) {
                return; // Disconnected: the next join catches up.
            }
            JSONArray messages = page.optJSONArray("messages");
            for (int i = 0; i < messages.length(); i++) {
                log.offer(ChatMessage.of(messages.optJSONObject(i)), RoomLog.Source.GAP_FILL);
            }
            more = page.optBoolean("hasMore") && messages.length() > 0;
        }
    }

    private void joinAll() {
        for (RoomLog log : rooms.values()) {
            if (removedFrom.contains(log.roomId())) {
                continue;
            }
            Map<String, Object> join = log.lastSeq() > 0
                    ? Map.of("roomId", log.roomId(), "sinceSeq", log.lastSeq())
                    : Map.of("roomId", log.roomId());
            JSONObject answer = request(current, "room:join", join);
            if (answer == null) {
                return;
            }
            JSONArray messages = answer.optJSONArray("messages");
            boolean gap = false;
            for (int i = 0; i < messages.length() && !gap; i++) {
                gap = log.offer(ChatMessage.of(messages.optJSONObject(i)), RoomLog.Source.JOIN) == RoomLog.Outcome.GAP;
            }
            // A first join shows only the latest page; a later one may have more than one page.
            if (gap || answer.optBoolean("hasMore") && log.lastSeq() > 0) {
                fillGap(current, log);
            }
        }
    }

    private void flushPending() {
        List<Send> toSend;
        synchronized (pending) {
            toSend = new ArrayList<>(pending.values());
        }
        for (Send send : toSend) {
            if (send.emittedOn != current.number) {
                emit(current, send);
            }
        }
    }

    private void onDisconnect(Connection c) {
        if (c != current || closed) {
            return;
        }
        ready = false;
        if (!reconnects) {
            return;
        }
        try {
            // The load balancer's pick among the other nodes, spread over the tabs.
            connectFrom(nodes.indexOf(c.node) + 1 + Math.floorMod(name.hashCode(), nodes.size() - 1), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Emits and waits for the ack; null when the connection dropped. An error ack is a problem. */
    private JSONObject request(Connection c, String event, Map<String, Object> fields) {
        JSONObject payload = new JSONObject(fields);
        CompletableFuture<JSONObject> reply = new CompletableFuture<>();
        c.waiting.add(reply);
        try {
            if (c.gone) {
                return null;
            }
            c.socket.emit(event, new Object[] {payload}, (Ack) args -> reply.complete(first(args)));
            JSONObject answer = reply.get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (answer.has("error")) {
                problems.add(event + " " + payload + " on " + c.node.id() + " failed: " + answer);
                return null;
            }
            return answer;
        } catch (ExecutionException e) {
            return null;
        } catch (TimeoutException e) {
            problems.add("no ack for " + event + " " + payload + " from " + c.node.id() + " within " + ACK_TIMEOUT);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            c.waiting.remove(reply);
        }
    }

    private static JSONObject first(Object[] args) {
        return args.length > 0 && args[0] instanceof JSONObject o ? o : new JSONObject();
    }

    String name() {
        return name;
    }

    Person user() {
        return user;
    }

    RoomLog log(String roomId) {
        return rooms.get(roomId);
    }

    /** Every acknowledged message of this tab, by clientId. */
    Map<String, ChatMessage> acked() {
        return Map.copyOf(acked);
    }

    int pendingCount() {
        synchronized (pending) {
            return pending.size();
        }
    }

    int sends() {
        return sends.get();
    }

    /** How many messages went out again on a later connection than their first. */
    int resends() {
        return resends.get();
    }

    List<String> problems() {
        List<String> all = new ArrayList<>(problems);
        rooms.values().forEach(log -> all.addAll(log.problems()));
        return all;
    }

    List<PresenceEvent> presence() {
        return List.copyOf(presence);
    }

    List<Push> pushes() {
        return List.copyOf(pushes);
    }

    boolean removedFrom(String roomId) {
        return removedFrom.contains(roomId);
    }

    /** The ids of the nodes this tab connected to, in order. */
    List<String> connectedTo() {
        return List.copyOf(connectedTo);
    }

    /** One line for failure messages: where the tab has been and what it has. */
    String describe() {
        String logs = rooms.values().stream()
                .map(l -> l.roomId() + " up to #" + l.lastSeq())
                .collect(Collectors.joining(", "));
        List<String> waiting;
        synchronized (pending) {
            waiting = List.copyOf(pending.keySet());
        }
        return name + " on " + connectedTo + ": " + logs + "; pending " + waiting + "; problems " + problems();
    }

    @Override
    public void close() {
        closed = true;
        worker.shutdownNow();
        sockets.forEach(Socket::close);
    }
}
