package io.friendchat.server.metrics;

import io.friendchat.server.common.DomainException;
import io.friendchat.server.common.RateLimitedException;
import io.friendchat.server.message.MessageStore;
import io.friendchat.server.realtime.SocketEvents;
import io.friendchat.server.realtime.SocketSession;
import io.friendchat.socketio.Namespace;
import io.friendchat.socketio.SocketIoServer;
import io.friendchat.socketio.SocketIoStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.thread.ThreadPool;

/**
 * What FriendChat measures, in one Micrometer registry per server, exported at {@code /metrics}
 * in the Prometheus text format (see {@link MetricsEndpoint} and docs/configuration.md). The
 * features do not know about it: it observes them through the hooks they already have (a
 * decorated message store, the socket events' observer, the request log, the Socket.IO
 * server's running totals), all wired in {@code FriendChatServer}.
 */
public final class ServerMetrics implements SocketEvents.Observer, AutoCloseable {
    /** Buckets for the latency histograms: from half a millisecond to 10 s. */
    private static final Duration MIN_EXPECTED = Duration.ofNanos(500_000);

    private static final Duration MAX_EXPECTED = Duration.ofSeconds(10);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Counter loginFailures;
    private final Counter httpRateLimited;
    private final Counter socketRateLimited;
    private final ConcurrentHashMap<String, Timer> ackTimers = new ConcurrentHashMap<>();

    public ServerMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        loginFailures = Counter.builder("friendchat.login.failures")
                .description("Logins refused for a wrong name or password")
                .register(registry);
        httpRateLimited = rateLimited("http");
        socketRateLimited = rateLimited("socket");
    }

    private Counter rateLimited(String transport) {
        return Counter.builder("friendchat.rate.limited")
                .description("Requests and socket events refused by a rate limit")
                .tag("transport", transport)
                .register(registry);
    }

    /** The registry, for tests and for binding more meters. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Every meter in the Prometheus text format (version 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    /** Connected sockets and users, Engine.IO connections, and the Socket.IO layer's totals. */
    public void observe(SocketIoServer io) {
        Namespace chat = io.sockets();
        Gauge.builder("friendchat.sockets.connected", chat, n -> n.sockets().size())
                .description("Sockets connected to the chat namespace on this node")
                .register(registry);
        Gauge.builder("friendchat.users.connected", chat, ServerMetrics::connectedUsers)
                .description("Distinct users with at least one connected socket on this node")
                .register(registry);
        Gauge.builder("friendchat.connections.open", io, SocketIoServer::sessionCount)
                .description("Open Engine.IO connections (WebSocket or long-polling), joined or not")
                .register(registry);
        SocketIoStats stats = io.stats();
        FunctionCounter.builder("friendchat.broadcast.deliveries", stats, SocketIoStats::broadcastDeliveries)
                .description("Packets a broadcast handed to a socket, one per socket reached")
                .register(registry);
        FunctionCounter.builder("friendchat.outbound.frames.dropped", stats, SocketIoStats::outboundFramesDropped)
                .description("Frames not queued because a connection's outbound queue was full")
                .register(registry);
        FunctionCounter.builder("friendchat.slow.consumer.disconnects", stats, SocketIoStats::slowConsumerDisconnects)
                .description("Connections closed because their outbound queue overflowed")
                .register(registry);
    }

    private static double connectedUsers(Namespace chat) {
        return chat.sockets().stream()
                .map(SocketSession::of)
                .filter(Objects::nonNull)
                .map(s -> s.user().id())
                .distinct()
                .count();
    }

    /** Jetty's request thread pool: size, busy and idle threads, queued jobs. */
    public void observe(ThreadPool jettyThreads) {
        new JettyServerThreadPoolMetrics(jettyThreads, List.of()).bindTo(registry);
    }

    /** The message store, counting stored messages and timing each append until it is durable. */
    public MessageStore timed(MessageStore store) {
        Timer writes = latency("friendchat.message.store.write", "From an append to the message being durable")
                .register(registry);
        Counter text = stored("text");
        Counter system = stored("system");
        return new TimedMessageStore(store, writes, text, system);
    }

    private Counter stored(String kind) {
        return Counter.builder("friendchat.messages.stored")
                .description("Messages stored (a retried send that was already stored is not counted)")
                .tag("kind", kind)
                .register(registry);
    }

    private static Timer.Builder latency(String name, String description) {
        return Timer.builder(name)
                .description(description)
                .publishPercentileHistogram()
                .minimumExpectedValue(MIN_EXPECTED)
                .maximumExpectedValue(MAX_EXPECTED);
    }

    /** Counts one answered HTTP request: login failures and rate-limit refusals. */
    public void answered(String method, String path, int status) {
        if (status == 429) {
            httpRateLimited.increment();
        } else if (status == 401 && "POST".equals(method) && "/api/auth/login".equals(path)) {
            loginFailures.increment();
        }
    }

    @Override
    public void acknowledged(String event, long nanos) {
        ackTimers
                .computeIfAbsent(
                        event,
                        e -> latency("friendchat.socket.ack", "From a socket event's arrival to its acknowledgement")
                                .tag("event", e)
                                .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void refused(String event, DomainException failure) {
        if (failure instanceof RateLimitedException) {
            socketRateLimited.increment();
        }
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
