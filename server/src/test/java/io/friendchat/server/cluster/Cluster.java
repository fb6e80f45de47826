package io.friendchat.server.cluster;

import io.friendchat.server.testing.StandaloneMongo;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Three FriendChat nodes in their own JVMs over one MongoDB-compatible server (its own process)
 * and one Redis, all on 127.0.0.1. Every process is killed by {@link #close}, and by a shutdown
 * hook when the test JVM ends another way; the Mongo server also ends when its stdin closes.
 */
final class Cluster implements AutoCloseable {
    /** The heartbeat the nodes are told to use; a node silent for 3 beats is down. */
    static final Duration HEARTBEAT = Duration.ofSeconds(1);

    private final StandaloneMongo mongo;
    private final RedisServer redis;
    private final List<FriendChatNode> nodes = new ArrayList<>();
    private final Thread killer = new Thread(this::killAll, "cluster-cleanup");

    private Cluster(StandaloneMongo mongo, RedisServer redis) {
        this.mongo = mongo;
        this.redis = redis;
        Runtime.getRuntime().addShutdownHook(killer);
    }

    static Cluster start(Path dir, int size) throws IOException, InterruptedException {
        StandaloneMongo mongo = StandaloneMongo.start(dir, dir.resolve("mongo.log"));
        RedisServer redis;
        try {
            redis = RedisServer.start(dir.resolve("redis.log"));
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            mongo.close();
            throw e;
        }
        Cluster cluster = new Cluster(mongo, redis);
        try {
            Map<String, String> settings = Map.ofEntries(
                    Map.entry("MONGO_URI", mongo.uri("friendchat_cluster")),
                    Map.entry("REDIS_URL", redis.url()),
                    Map.entry("FRIENDCHAT_CLUSTER_HEARTBEAT", HEARTBEAT.toMillis() + "ms"),
                    // Every test user signs up from 127.0.0.1 and sends in bursts.
                    Map.entry("FRIENDCHAT_SIGNUPS_PER_IP_PER_HOUR", "10000"),
                    Map.entry("FRIENDCHAT_MESSAGES_PER_SECOND", "10000"),
                    Map.entry("FRIENDCHAT_MESSAGE_BURST", "10000"),
                    Map.entry("FRIENDCHAT_EVENTS_PER_SOCKET_PER_SECOND", "10000"),
                    Map.entry("FRIENDCHAT_MAX_CONNECTIONS_PER_IP", "10000"));
            // Start all JVMs first, then wait: they boot side by side.
            for (int i = 1; i <= size; i++) {
                cluster.nodes.add(FriendChatNode.start("n" + i, settings, dir));
            }
            for (FriendChatNode node : cluster.nodes) {
                node.awaitListening();
            }
            cluster.awaitHealthy();
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    List<FriendChatNode> nodes() {
        return nodes;
    }

    FriendChatNode node(int index) {
        return nodes.get(index);
    }

    RedisServer redis() {
        return redis;
    }

    /** Brings back whatever a previous scenario killed, and waits until every node sees Redis. */
    void ensureRunning() throws IOException, InterruptedException {
        if (!redis.running()) {
            redis.restart();
        }
        for (FriendChatNode node : nodes) {
            if (!node.running()) {
                node.restart();
            }
        }
        awaitHealthy();
    }

    /** Waits until every node answers {@code /healthz} with 200 and {@code "redis": "up"}. */
    void awaitHealthy() throws InterruptedException {
        awaitRedis("up", Duration.ofSeconds(30));
    }

    /** Waits until every running node's {@code /healthz} reports Redis {@code state}. */
    void awaitRedis(String state, Duration timeout) throws InterruptedException {
        for (FriendChatNode node : nodes) {
            if (!node.running()) {
                continue;
            }
            Await.until(
                    "node " + node.id() + " to report redis \"" + state + "\" in /healthz",
                    timeout,
                    () -> {
                        FriendChatNode.Health health = node.health();
                        if (health != null
                                && health.status() == 200
                                && health.redis().isEmpty()) {
                            throw new AssertionError("node " + node.id() + " does not report Redis in /healthz: "
                                    + health.body() + " (is cluster mode, REDIS_URL, in place?)");
                        }
                        return health != null && health.redis().equals(state);
                    },
                    () -> "last /healthz: " + node.health() + "\nlast log lines of " + node.id() + ":\n"
                            + node.logTail());
        }
    }

    /** The last log lines of every node, for a failure message. */
    String logTails() {
        return nodes.stream().map(n -> "--- " + n + "\n" + n.logTail()).collect(Collectors.joining("\n"));
    }

    private void killAll() {
        nodes.forEach(FriendChatNode::close);
        redis.close();
        mongo.close();
    }

    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down; the hook does the same.
        }
    }
}
