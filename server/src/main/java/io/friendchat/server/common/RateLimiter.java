package io.friendchat.server.common;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code max} events per key in any sliding {@code window}. Kept in memory: a restart
 * forgets the counts, which errs on the side of letting people in.
 */
public final class RateLimiter implements RateLimits.Window {
    private final int max;
    private final Duration window;
    private final Clock clock;
    private final ConcurrentHashMap<String, Deque<Long>> events = new ConcurrentHashMap<>();

    public RateLimiter(int max, Duration window, Clock clock) {
        this.max = max;
        this.window = window;
        this.clock = clock;
    }

    /** How long until {@code key} may have another event, or empty when it may now. */
    @Override
    public Optional<Duration> retryAfter(String key) {
        Deque<Long> times = events.get(key);
        if (times == null) {
            return Optional.empty();
        }
        long now = clock.millis();
        synchronized (times) {
            expire(times, now);
            if (times.size() < max) {
                return Optional.empty();
            }
            return Optional.of(Duration.ofMillis(times.peekFirst() + window.toMillis() - now));
        }
    }

    /** Counts one event for {@code key}. */
    @Override
    public void record(String key) {
        long now = clock.millis();
        Deque<Long> times = events.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            expire(times, now);
            times.addLast(now);
            while (times.size() > max) {
                times.removeFirst();
            }
        }
    }

    /** Forgets every event of {@code key}, as after a successful login. */
    @Override
    public void reset(String key) {
        events.remove(key);
    }

    /** Drops keys with no event inside the window, so that memory stays bounded. */
    @Override
    public void sweep() {
        long now = clock.millis();
        events.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                expire(e.getValue(), now);
                return e.getValue().isEmpty();
            }
        });
    }

    private void expire(Deque<Long> times, long now) {
        long cutoff = now - window.toMillis();
        while (!times.isEmpty() && times.peekFirst() <= cutoff) {
            times.removeFirst();
        }
    }
}
