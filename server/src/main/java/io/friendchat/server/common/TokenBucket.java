package io.friendchat.server.common;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per key: {@code ratePerSecond} tokens a second, holding at most {@code burst}.
 * Each event takes one token; with none left, the event is refused and the caller learns when
 * one will be back.
 */
public final class TokenBucket implements RateLimits.Bucket {
    private final double ratePerMilli;
    private final double burst;
    private final Clock clock;
    private final ConcurrentHashMap<String, double[]> buckets = new ConcurrentHashMap<>();

    public TokenBucket(double ratePerSecond, int burst, Clock clock) {
        this.ratePerMilli = ratePerSecond / 1000.0;
        this.burst = burst;
        this.clock = clock;
    }

    @Override
    public Optional<Duration> take(String key) {
        long now = clock.millis();
        double[] bucket = buckets.computeIfAbsent(key, k -> new double[] {burst, now});
        synchronized (bucket) {
            bucket[0] = Math.min(burst, bucket[0] + (now - bucket[1]) * ratePerMilli);
            bucket[1] = now;
            if (bucket[0] >= 1) {
                bucket[0] -= 1;
                return Optional.empty();
            }
            return Optional.of(Duration.ofMillis((long) Math.ceil((1 - bucket[0]) / ratePerMilli)));
        }
    }

    @Override
    public void forget(String key) {
        buckets.remove(key);
    }

    /** Drops full buckets, which hold no information; keeps memory bounded. */
    @Override
    public void sweep() {
        long now = clock.millis();
        buckets.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                return e.getValue()[0] + (now - e.getValue()[1]) * ratePerMilli >= burst;
            }
        });
    }
}
