package io.friendchat.server.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.friendchat.server.ClusterSettings;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bus between the nodes of a cluster: one Redis pub/sub channel that every node publishes to
 * and listens on. It is fast and lossy by design: what must not be lost (messages) lives in
 * MongoDB, and what crosses here only tells the other nodes sooner.
 *
 * <p>Each envelope is {@code {"n": node, "t": type, "d": body}}; a node ignores its own. Handlers
 * run one at a time, in the order the envelopes arrived, on the bus thread: a handler must not
 * block for long, and may rely on the order in which one node published.
 *
 * <p>While Redis is unreachable, publishing fails at once (nothing queues up) and the node goes on
 * serving its own clients; Lettuce reconnects and resubscribes by itself, and the {@link
 * #onReconnected} hooks then let the features catch up from the store. What this node published
 * meanwhile was lost for the others too, so it then says so on the bus ({@link #BACK}), and each
 * other node runs the same hooks.
 */
public final class RedisBus implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisBus.class);
    private static final String CHANNEL = "friendchat:bus";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);
    /** Published by a node that reached Redis again: the others catch up what it could not publish. */
    static final String BACK = "bus:back";
    /** Each connection's name in Redis ({@code CLIENT LIST}) is this and the node's id. */
    static final String CLIENT_NAME_PREFIX = "friendchat-";

    private final String nodeId;
    private final ObjectMapper json;
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> commands;
    private final StatefulRedisPubSubConnection<String, String> pubsub;
    private final ExecutorService thread;
    private final Map<String, BiConsumer<String, JsonNode>> handlers = new ConcurrentHashMap<>();
    private final List<Runnable> reconnected = new CopyOnWriteArrayList<>();
    /** Whether Redis was reachable at the last connection change; read and written on the bus thread. */
    private boolean up = true;

    public RedisBus(ClusterSettings settings, ObjectMapper json) {
        this.nodeId = settings.nodeId();
        this.json = json;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "friendchat-cluster-bus");
            t.setDaemon(true);
            return t;
        });
        // Reconnect quickly (100 ms, doubling up to 2 s): while Redis is away, other nodes miss
        // this one's messages until the catch-up that follows the reconnect.
        this.resources = DefaultClientResources.builder()
                .reconnectDelay(
                        Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
                .build();
        RedisURI uri = RedisURI.create(settings.redisUrl());
        // Named, so that Redis's CLIENT LIST tells the nodes' connections apart.
        uri.setClientName(CLIENT_NAME_PREFIX + nodeId);
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(100_000)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build());
        try {
            this.commands = client.connect();
            this.pubsub = client.connectPubSub();
        } catch (RuntimeException e) {
            client.shutdown();
            resources.shutdown();
            thread.shutdownNow();
            throw new IllegalStateException("cannot reach Redis at REDIS_URL: " + e.getMessage(), e);
        }
        pubsub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                thread.execute(() -> receive(message));
            }
        });
        pubsub.sync().subscribe(CHANNEL);
        on(BACK, (node, body) -> catchUp("cluster node " + node + " reached Redis again"));
        // Only now: the first connections are made, so any change from here on is a real one.
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                connectionChanged();
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                connectionChanged();
            }
        });
        log.info("cluster node {} joined the bus", nodeId);
    }

    public String nodeId() {
        return nodeId;
    }

    /** Whether both connections to Redis are open now. */
    public boolean isUp() {
        return commands.isOpen() && pubsub.isOpen();
    }

    /** Registers the handler of one envelope type; it gets the publishing node and the body. */
    public void on(String type, BiConsumer<String, JsonNode> handler) {
        handlers.put(type, handler);
    }

    /**
     * Runs after Redis came back, for this node or another: what was published meanwhile is lost,
     * so catch up.
     */
    public void onReconnected(Runnable hook) {
        reconnected.add(hook);
    }

    /** Runs a task on the bus thread, in order with the handlers. */
    public void execute(Runnable task) {
        thread.execute(task);
    }

    public ObjectNode body() {
        return json.createObjectNode();
    }

    /** Publishes without waiting; a failure (Redis down) is logged at debug and dropped. */
    public CompletableFuture<Long> publish(String type, ObjectNode body) {
        String envelope;
        try {
            envelope = json.writeValueAsString(
                    json.createObjectNode().put("n", nodeId).put("t", type).set("d", body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a bus envelope did not serialize", e);
        }
        CompletableFuture<Long> sent;
        try {
            sent = commands.async().publish(CHANNEL, envelope).toCompletableFuture();
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.whenComplete((receivers, failure) -> {
            if (failure != null) {
                log.debug("bus publish of {} failed: {}", type, failure.toString());
            }
        });
    }

    /**
     * Publishes and waits (up to the command timeout) until Redis has it, so that whatever the
     * caller does next reaches the other nodes after it: for changes such as a removed member,
     * which must stop that member's sockets everywhere before the next message.
     */
    public void publishAndWait(String type, ObjectNode body) {
        try {
            publish(type, body).get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("bus publish of {} did not complete ({}); other nodes catch up on their next sweep", type, e);
        }
    }

    /** The connection for other Redis commands (rate limits). */
    StatefulRedisConnection<String, String> commands() {
        return commands;
    }

    private void receive(String message) {
        JsonNode envelope;
        try {
            envelope = json.readTree(message);
        } catch (JsonProcessingException e) {
            log.warn("ignoring a bus message that is not JSON");
            return;
        }
        String from = envelope.path("n").asText();
        if (nodeId.equals(from)) {
            return;
        }
        BiConsumer<String, JsonNode> handler = handlers.get(envelope.path("t").asText());
        if (handler == null) {
            return;
        }
        try {
            handler.accept(from, envelope.path("d"));
        } catch (RuntimeException e) {
            log.error("bus handler for {} from {} failed", envelope.path("t").asText(), from, e);
        }
    }

    private void connectionChanged() {
        if (thread.isShutdown()) {
            return; // close() closes the connections after the bus thread: nothing to catch up then
        }
        thread.execute(() -> {
            boolean now = isUp();
            if (now == up) {
                return;
            }
            up = now;
            if (!now) {
                log.warn("cluster node {} lost Redis; serving its own clients until it is back", nodeId);
                return;
            }
            catchUp("cluster node " + nodeId + " reached Redis again");
            publish(BACK, body());
        });
    }

    /** Runs the {@link #onReconnected} hooks; on the bus thread. */
    private void catchUp(String why) {
        log.info("{}; catching up from the store", why);
        for (Runnable hook : reconnected) {
            try {
                hook.run();
            } catch (RuntimeException e) {
                log.error("catching up after Redis came back failed", e);
            }
        }
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pubsub.close();
        commands.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
