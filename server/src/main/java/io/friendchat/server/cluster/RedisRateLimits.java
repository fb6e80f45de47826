package io.friendchat.server.cluster;

import io.friendchat.server.common.RateLimits;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rate limits shared by the nodes of a cluster, kept in Redis so that they hold for the cluster:
 * a user cannot send five times the limit by spreading tabs over five nodes. Each check is one
 * Lua script, atomic in Redis. Keys expire by themselves, so no sweep is needed there.
 *
 * <p>While Redis is unreachable, each node falls back to its own in-memory limits: sending goes on,
 * held per node, rather than being refused for everyone.
 */
public final class RedisRateLimits implements RateLimits {
    private static final Logger log = LoggerFactory.getLogger(RedisRateLimits.class);
    private static final String PREFIX = "friendchat:limit:";

    /** KEYS[1]; ARGV: now ms, tokens per ms, burst, ttl ms. Returns 0 when taken, else ms to wait. */
    private static final String TAKE = """
            local b = redis.call('HMGET', KEYS[1], 't', 'ts')
            local now = tonumber(ARGV[1])
            local rate = tonumber(ARGV[2])
            local burst = tonumber(ARGV[3])
            local tokens = tonumber(b[1])
            local ts = tonumber(b[2])
            if tokens == nil then tokens = burst; ts = now end
            tokens = math.min(burst, tokens + math.max(0, now - ts) * rate)
            local wait = 0
            if tokens >= 1 then tokens = tokens - 1 else wait = math.ceil((1 - tokens) / rate) end
            redis.call('HSET', KEYS[1], 't', tostring(tokens), 'ts', tostring(now))
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            return wait
            """;

    /** KEYS[1]; ARGV: now ms, window ms, max. Returns -1 when allowed, else ms to wait. */
    private static final String RETRY_AFTER = """
            local now = tonumber(ARGV[1])
            local window = tonumber(ARGV[2])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
            if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[3]) then return -1 end
            local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
            return math.max(0, tonumber(first[2]) + window - now)
            """;

    /** KEYS[1]; ARGV: now ms, window ms, max, a unique member. */
    private static final String RECORD = """
            redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
            redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(tonumber(ARGV[3]) + 1))
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return 0
            """;

    private final RedisCommands<String, String> redis;
    private final RateLimits local;
    private final Clock clock;

    public RedisRateLimits(RedisBus bus, Clock clock) {
        this.redis = bus.commands().sync();
        this.local = RateLimits.inMemory(clock);
        this.clock = clock;
    }

    @Override
    public Bucket bucket(String name, double ratePerSecond, int burst) {
        Bucket fallback = local.bucket(name, ratePerSecond, burst);
        double perMilli = ratePerSecond / 1000.0;
        long ttl = (long) Math.ceil(burst / perMilli) + 1000;
        return new Bucket() {
            @Override
            public Optional<Duration> take(String key) {
                return orLocal(
                        () -> {
                            long wait = redis.eval(
                                    TAKE,
                                    ScriptOutputType.INTEGER,
                                    new String[] {PREFIX + name + ":" + key},
                                    Long.toString(clock.millis()),
                                    Double.toString(perMilli),
                                    Integer.toString(burst),
                                    Long.toString(ttl));
                            return wait == 0 ? Optional.<Duration>empty() : Optional.of(Duration.ofMillis(wait));
                        },
                        () -> fallback.take(key));
            }

            @Override
            public void forget(String key) {
                fallback.forget(key);
            }

            @Override
            public void sweep() {
                fallback.sweep();
            }
        };
    }

    @Override
    public Window window(String name, int max, Duration window) {
        Window fallback = local.window(name, max, window);
        String millis = Long.toString(window.toMillis());
        return new Window() {
            @Override
            public Optional<Duration> retryAfter(String key) {
                return orLocal(
                        () -> {
                            long wait = redis.eval(
                                    RETRY_AFTER,
                                    ScriptOutputType.INTEGER,
                                    new String[] {PREFIX + name + ":" + key},
                                    Long.toString(clock.millis()),
                                    millis,
                                    Integer.toString(max));
                            return wait < 0 ? Optional.<Duration>empty() : Optional.of(Duration.ofMillis(wait));
                        },
                        () -> fallback.retryAfter(key));
            }

            @Override
            public void record(String key) {
                fallback.record(key);
                orLocal(
                        () -> redis.eval(
                                RECORD,
                                ScriptOutputType.INTEGER,
                                new String[] {PREFIX + name + ":" + key},
                                Long.toString(clock.millis()),
                                millis,
                                Integer.toString(max),
                                UUID.randomUUID().toString()),
                        () -> 0L);
            }

            @Override
            public void reset(String key) {
                fallback.reset(key);
                orLocal(() -> redis.del(PREFIX + name + ":" + key), () -> 0L);
            }

            @Override
            public void sweep() {
                fallback.sweep();
            }
        };
    }

    private static <T> T orLocal(Supplier<T> shared, Supplier<T> local) {
        try {
            return shared.get();
        } catch (RuntimeException e) {
            log.debug("rate limit in Redis unavailable ({}); using this node's", e.toString());
            return local.get();
        }
    }
}
