package io.friendchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.friendchat.server.ClusterSettings;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bus over a real {@code redis-server}, with two nodes in this JVM. */
class RedisBusTest {
    @TempDir
    Path tempDir;

    private RedisServer redis;
    private RedisBus a;
    private RedisBus b;
    private RedisClient admin;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.start(tempDir.resolve("redis.log"));
        a = new RedisBus(new ClusterSettings(redis.url(), "a", Duration.ofSeconds(1)), new ObjectMapper());
        b = new RedisBus(new ClusterSettings(redis.url(), "b", Duration.ofSeconds(1)), new ObjectMapper());
        admin = RedisClient.create(redis.url());
    }

    @AfterEach
    void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {a, b, redis}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // a later one must still close
            }
        }
        if (admin != null) {
            admin.shutdown();
        }
    }

    /**
     * Node a loses its own connections while b keeps its: what a published meanwhile never
     * reached b, so b catches up too once a is back, not only a.
     */
    @Test
    void a_node_that_reaches_redis_again_has_the_other_nodes_catch_up_too() throws Exception {
        AtomicInteger aCaughtUp = new AtomicInteger();
        AtomicInteger bCaughtUp = new AtomicInteger();
        a.onReconnected(aCaughtUp::incrementAndGet);
        b.onReconnected(bCaughtUp::incrementAndGet);

        try (StatefulRedisConnection<String, String> connection = admin.connect()) {
            int killed = 0;
            for (String client : connection.sync().clientList().split("\n")) {
                if (client.contains(" name=" + RedisBus.CLIENT_NAME_PREFIX + "a ")) {
                    String id = client.substring(client.indexOf("id=") + 3, client.indexOf(' '));
                    connection.sync().clientKill(KillArgs.Builder.id(Long.parseLong(id)));
                    killed++;
                }
            }
            assertEquals(2, killed, "node a has a connection for commands and one for the subscription");
        }

        Await.until("node a to catch up after reaching Redis again", Duration.ofSeconds(10), () -> aCaughtUp.get() > 0);
        Await.until(
                "node b, which never lost Redis, to catch up when a is back",
                Duration.ofSeconds(10),
                () -> bCaughtUp.get() > 0);
    }
}
