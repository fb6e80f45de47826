package io.friendchat.socketio;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Immutable settings of a {@link SocketIoServer}. Build with {@link #builder()}; every value has
 * the default of the reference Node server unless noted.
 *
 * @param pingInterval how often the server pings a session (default 25 s)
 * @param pingTimeout how long the server waits for the pong before closing (default 20 s)
 * @param upgradeTimeout how long a polling session may take to finish a WebSocket upgrade
 *     (default 10 s)
 * @param upgradePollHold how long a poll that arrives while a WebSocket upgrade is under way
 *     waits for the upgrade to finish before it is answered with a noop (default 100 ms, the
 *     reference's upgrade check interval)
 * @param connectTimeout how long a new connection may stay without joining a namespace (default
 *     45 s)
 * @param maxPayload the largest message or polling body accepted, in bytes (default 1,000,000)
 * @param maxOutboundFrames how many frames may wait to be written to one connection; past it the
 *     connection is closed as a slow consumer (default 4096)
 * @param perMessageDeflate whether WebSocket compression may be negotiated (default off: it costs
 *     far more throughput than it saves on small chat frames)
 * @param originAllowed decides from the {@code Origin} header (null when absent) whether a
 *     handshake is accepted; a refusal answers 403 at once (default: every origin)
 * @param adapterFactory creates the {@link Adapter} of each namespace (default {@link
 *     InMemoryAdapter})
 */
public record SocketIoOptions(
        Duration pingInterval,
        Duration pingTimeout,
        Duration upgradeTimeout,
        Duration upgradePollHold,
        Duration connectTimeout,
        int maxPayload,
        int maxOutboundFrames,
        boolean perMessageDeflate,
        Predicate<String> originAllowed,
        Function<Namespace, Adapter> adapterFactory) {

    public SocketIoOptions {
        requirePositive(pingInterval, "pingInterval");
        requirePositive(pingTimeout, "pingTimeout");
        requirePositive(upgradeTimeout, "upgradeTimeout");
        requirePositive(upgradePollHold, "upgradePollHold");
        requirePositive(connectTimeout, "connectTimeout");
        if (maxPayload <= 0) {
            throw new IllegalArgumentException("maxPayload must be positive: " + maxPayload);
        }
        if (maxOutboundFrames <= 0) {
            throw new IllegalArgumentException("maxOutboundFrames must be positive: " + maxOutboundFrames);
        }
        Objects.requireNonNull(originAllowed, "originAllowed");
        Objects.requireNonNull(adapterFactory, "adapterFactory");
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be a positive duration: " + d);
        }
    }

    /** The defaults, as a builder to change some of them. */
    public static Builder builder() {
        return new Builder();
    }

    /** Mutable builder for {@link SocketIoOptions}. */
    public static final class Builder {
        private Duration pingInterval = Duration.ofMillis(25_000);
        private Duration pingTimeout = Duration.ofMillis(20_000);
        private Duration upgradeTimeout = Duration.ofMillis(10_000);
        private Duration upgradePollHold = Duration.ofMillis(100);
        private Duration connectTimeout = Duration.ofMillis(45_000);
        private int maxPayload = 1_000_000;
        private int maxOutboundFrames = 4096;
        private boolean perMessageDeflate = false;
        private Predicate<String> originAllowed = origin -> true;
        private Function<Namespace, Adapter> adapterFactory = InMemoryAdapter::new;

        private Builder() {}

        public Builder pingInterval(Duration value) {
            pingInterval = value;
            return this;
        }

        public Builder pingTimeout(Duration value) {
            pingTimeout = value;
            return this;
        }

        public Builder upgradeTimeout(Duration value) {
            upgradeTimeout = value;
            return this;
        }

        public Builder upgradePollHold(Duration value) {
            upgradePollHold = value;
            return this;
        }

        public Builder connectTimeout(Duration value) {
            connectTimeout = value;
            return this;
        }

        public Builder maxPayload(int bytes) {
            maxPayload = bytes;
            return this;
        }

        public Builder maxOutboundFrames(int frames) {
            maxOutboundFrames = frames;
            return this;
        }

        public Builder perMessageDeflate(boolean enabled) {
            perMessageDeflate = enabled;
            return this;
        }

        /** The predicate sees the {@code Origin} header, or null when the request has none. */
        public Builder originAllowed(Predicate<String> predicate) {
            originAllowed = predicate;
            return this;
        }

        public Builder adapterFactory(Function<Namespace, Adapter> factory) {
            adapterFactory = factory;
            return this;
        }

        public SocketIoOptions build() {
            return new SocketIoOptions(
                    pingInterval,
                    pingTimeout,
                    upgradeTimeout,
                    upgradePollHold,
                    connectTimeout,
                    maxPayload,
                    maxOutboundFrames,
                    perMessageDeflate,
                    originAllowed,
                    adapterFactory);
        }
    }
}
