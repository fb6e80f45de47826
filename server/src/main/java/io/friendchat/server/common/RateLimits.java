package io.friendchat.server.common;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Makes the rate limits: in memory on one node ({@link #inMemory}), shared through Redis in a
 * cluster, so that a limit holds for the cluster and not per node.
 */
public interface RateLimits {
    /** A token bucket per key: {@code ratePerSecond} tokens a second, at most {@code burst}. */
    Bucket bucket(String name, double ratePerSecond, int burst);

    /** At most {@code max} events per key in any sliding {@code window}. */
    Window window(String name, int max, Duration window);

    /** See {@link TokenBucket}. */
    interface Bucket {
        /** Takes a token for {@code key}; empty when it was taken, else how long until one is free. */
        Optional<Duration> take(String key);

        /** Forgets a key, e.g. when its socket is gone. */
        void forget(String key);

        /** Drops state that holds no information; keeps memory bounded. */
        void sweep();
    }

    /** See {@link RateLimiter}. */
    interface Window {
        /** How long until {@code key} may have another event, or empty when it may now. */
        Optional<Duration> retryAfter(String key);

        /** Counts one event for {@code key}. */
        void record(String key);

        /** Forgets every event of {@code key}, as after a successful login. */
        void reset(String key);

        /** Drops keys with no event inside the window, so that memory stays bounded. */
        void sweep();
    }

    /** The limits of a single node, kept in memory. */
    static RateLimits inMemory(Clock clock) {
        return new RateLimits() {
            @Override
            public Bucket bucket(String name, double ratePerSecond, int burst) {
                return new TokenBucket(ratePerSecond, burst, clock);
            }

            @Override
            public Window window(String name, int max, Duration window) {
                return new RateLimiter(max, window, clock);
            }
        };
    }
}
