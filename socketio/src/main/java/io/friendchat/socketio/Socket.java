package io.friendchat.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's connection to one {@link Namespace}. Handlers run on the Jetty thread that
 * received the packet, one packet of a connection at a time, so a handler must not block waiting
 * for an acknowledgement from its own client (use the future's callbacks instead). {@link #emit}
 * and the broadcast methods may be called from any thread and never block on the network.
 */
public final class Socket {
    private static final Logger LOG = LoggerFactory.getLogger(Socket.class);
    private static final Set<String> RESERVED =
            Set.of("connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener");

    private final String id = Ids.next();
    private final Namespace namespace;
    private final Client client;
    private final Handshake handshake;
    // Most sockets are idle most of the time, so what a socket holds is made when first used:
    // data, acks; and the handler tables are immutable, replaced whole when a handler is added
    // (handlers are added at connect, read on every packet). Writes take this socket's monitor.
    private volatile Map<String, Object> data;
    private volatile Map<String, List<EventHandler>> handlers = Map.of();
    private volatile List<AnyEventHandler> anyHandlers = List.of();
    private volatile List<Consumer<String>> disconnectListeners = List.of();
    /** Acks this server waits for, by id; null until the first {@link #emitWithAck}. */
    private Map<Long, PendingAck> acks;

    private long nextAckId;
    private volatile boolean connected = true;

    private record PendingAck(CompletableFuture<List<JsonNode>> future, ScheduledFuture<?> timer) {}

    Socket(Namespace namespace, Client client, Handshake handshake) {
        this.namespace = namespace;
        this.client = client;
        this.handshake = handshake;
    }

    public String id() {
        return id;
    }

    public Namespace namespace() {
        return namespace;
    }

    public Handshake handshake() {
        return handshake;
    }

    /** Values attached by middlewares or handlers; thread-safe. */
    public Map<String, Object> data() {
        Map<String, Object> map = data;
        if (map == null) {
            synchronized (this) {
                map = data;
                if (map == null) {
                    map = new ConcurrentHashMap<>(2);
                    data = map;
                }
            }
        }
        return map;
    }

    public boolean connected() {
        return connected;
    }

    /** Adds a handler for an event; several handlers of one event run in the order added. */
    public synchronized Socket on(String event, EventHandler handler) {
        Map<String, List<EventHandler>> copy = new HashMap<>(handlers);
        copy.put(event, appended(copy.get(event), handler));
        handlers = Map.copyOf(copy);
        return this;
    }

    /** Adds a handler that sees every event before the per-event handlers. */
    public synchronized Socket onAny(AnyEventHandler handler) {
        anyHandlers = appended(anyHandlers, handler);
        return this;
    }

    /** Runs once when the socket disconnects, with the reason (e.g. "transport close"). */
    public synchronized Socket onDisconnect(Consumer<String> listener) {
        disconnectListeners = appended(disconnectListeners, listener);
        return this;
    }

    private static <T> List<T> appended(List<T> list, T item) {
        if (list == null || list.isEmpty()) {
            return List.of(item);
        }
        List<T> copy = new ArrayList<>(list);
        copy.add(item);
        return List.copyOf(copy);
    }

    /**
     * Sends an event to this client. Arguments are serialised with {@link SocketIoServer#json()};
     * {@code byte[]} values travel as binary attachments. Returns false when the socket is no
     * longer connected.
     */
    public boolean emit(String event, Object... args) {
        checkEventName(event);
        if (!connected) {
            return false;
        }
        return client.send(namespace.server().encoder().event(namespace.name(), -1, event, args));
    }

    /**
     * Sends an event and waits for the client's acknowledgement. The future completes with the ack
     * arguments, or fails with {@link TimeoutException} after {@code timeout}, or with {@link
     * IllegalStateException} when the socket disconnects first.
     */
    public CompletableFuture<List<JsonNode>> emitWithAck(Duration timeout, String event, Object... args) {
        checkEventName(event);
        CompletableFuture<List<JsonNode>> future = new CompletableFuture<>();
        if (!connected) {
            future.completeExceptionally(new IllegalStateException("socket disconnected"));
            return future;
        }
        long ackId;
        synchronized (this) {
            ackId = nextAckId++;
        }
        ScheduledFuture<?> timer = client.engine()
                .schedule(
                        () -> {
                            PendingAck pending = takeAck(ackId);
                            if (pending != null) {
                                pending.future()
                                        .completeExceptionally(
                                                new TimeoutException("no ack for '" + event + "' within " + timeout));
                            }
                        },
                        timeout.toMillis());
        synchronized (this) {
            if (acks == null) {
                acks = new HashMap<>(4);
            }
            acks.put(ackId, new PendingAck(future, timer));
        }
        if (!client.send(namespace.server().encoder().event(namespace.name(), ackId, event, args))) {
            failAck(ackId, "socket disconnected");
        }
        return future;
    }

    /** Joins rooms. */
    public void join(String... rooms) {
        if (connected) {
            namespace.adapter().addAll(id, Set.of(rooms));
            if (!connected) {
                namespace.adapter().delAll(id); // lost a race with the disconnect: leave nothing behind
            }
        }
    }

    /** Leaves a room. */
    public void leave(String room) {
        namespace.adapter().del(id, room);
    }

    /** The rooms this socket is in, including the one named by its id. */
    public Set<String> rooms() {
        return namespace.adapter().rooms(id);
    }

    /** A broadcast to these rooms that leaves this socket out. */
    public BroadcastOperator to(String... rooms) {
        return namespace.to(rooms).except(id);
    }

    /** A broadcast to every other socket of the namespace. */
    public BroadcastOperator broadcast() {
        return namespace.except(id);
    }

    /** Disconnects from this namespace; the client is told and will not reconnect by itself. */
    public void disconnect() {
        if (connected) {
            client.send(namespace.server().encoder().disconnect(namespace.name()));
            client.remove(this);
            onClose("server namespace disconnect");
        }
    }

    /**
     * With {@code closeConnection}, disconnects every namespace of this client and closes the
     * underlying connection, as the reference server does; the client is told each namespace
     * disconnected, so it does not reconnect by itself.
     */
    public void disconnect(boolean closeConnection) {
        if (closeConnection) {
            client.disconnectAll();
        } else {
            disconnect();
        }
    }

    // ---- package-private plumbing ----

    /** Drops the connection without telling the namespaces, as a network failure would. */
    void dropConnection() {
        client.drop();
    }

    void deliver(EncodedPacket packet) {
        if (connected && client.send(packet)) {
            namespace.server().stats().broadcastDelivered();
        }
    }

    void onEvent(SioPacket packet) {
        JsonNode array = packet.data();
        String event = array.get(0).asText();
        List<JsonNode> args = new ArrayList<>(array.size() - 1);
        for (int i = 1; i < array.size(); i++) {
            args.add(array.get(i));
        }
        List<JsonNode> view = List.copyOf(args);
        Ack ack = packet.id() >= 0 ? new ClientAck(packet.id()) : NO_ACK;
        for (AnyEventHandler any : anyHandlers) {
            try {
                any.handle(event, view);
            } catch (Exception e) {
                LOG.error("socket {}: onAny handler failed for event '{}'", id, event, e);
            }
        }
        List<EventHandler> list = handlers.get(event);
        if (list == null) {
            return;
        }
        for (EventHandler handler : list) {
            try {
                handler.handle(view, ack);
            } catch (Exception e) {
                LOG.error("socket {}: handler failed for event '{}'", id, event, e);
            }
        }
    }

    void onAck(SioPacket packet) {
        PendingAck pending = takeAck(packet.id());
        if (pending == null) {
            return;
        }
        pending.timer().cancel(false);
        List<JsonNode> args = new ArrayList<>(packet.data().size());
        packet.data().forEach(args::add);
        pending.future().complete(List.copyOf(args));
    }

    void onClose(String reason) {
        List<Long> waiting;
        synchronized (this) {
            if (!connected) {
                return;
            }
            connected = false;
            waiting = acks == null ? List.of() : List.copyOf(acks.keySet());
        }
        namespace.remove(this);
        for (Long ackId : waiting) {
            failAck(ackId, "socket disconnected: " + reason);
        }
        for (Consumer<String> listener : disconnectListeners) {
            try {
                listener.accept(reason);
            } catch (RuntimeException e) {
                LOG.error("socket {}: disconnect listener failed", id, e);
            }
        }
    }

    private synchronized PendingAck takeAck(long ackId) {
        if (acks == null) {
            return null;
        }
        PendingAck pending = acks.remove(ackId);
        if (acks.isEmpty()) {
            acks = null; // released until the next emitWithAck
        }
        return pending;
    }

    private void failAck(long ackId, String message) {
        PendingAck pending = takeAck(ackId);
        if (pending != null) {
            pending.timer().cancel(false);
            pending.future().completeExceptionally(new IllegalStateException(message));
        }
    }

    static void checkEventName(String event) {
        if (event == null || RESERVED.contains(event)) {
            throw new IllegalArgumentException("reserved or missing event name: " + event);
        }
    }

    private static final Ack NO_ACK = new Ack() {
        @Override
        public boolean requested() {
            return false;
        }

        @Override
        public void send(Object... args) {}
    };

    /** Sends the ack for one received packet, once. */
    private final class ClientAck implements Ack {
        private final long ackId;
        private final AtomicBoolean sent = new AtomicBoolean();

        ClientAck(long ackId) {
            this.ackId = ackId;
        }

        @Override
        public boolean requested() {
            return true;
        }

        @Override
        public void send(Object... args) {
            if (sent.compareAndSet(false, true) && connected) {
                client.send(namespace.server().encoder().ack(namespace.name(), ackId, args));
            }
        }
    }
}
