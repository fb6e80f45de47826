package io.friendchat.server;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.friendchat.server.account.AccountRoutes;
import io.friendchat.server.account.AccountService;
import io.friendchat.server.account.CommonPasswords;
import io.friendchat.server.account.PasswordHasher;
import io.friendchat.server.account.ServerAdmins;
import io.friendchat.server.admin.AdminCommands;
import io.friendchat.server.admin.AdminRoutes;
import io.friendchat.server.admin.AdminService;
import io.friendchat.server.admin.AuditLog;
import io.friendchat.server.admin.LiveConnections;
import io.friendchat.server.cluster.ClusterCaches;
import io.friendchat.server.cluster.ClusterMessages;
import io.friendchat.server.cluster.ClusterPresence;
import io.friendchat.server.cluster.RedisAdapter;
import io.friendchat.server.cluster.RedisBus;
import io.friendchat.server.cluster.RedisRateLimits;
import io.friendchat.server.common.RateLimits;
import io.friendchat.server.common.TokenBucket;
import io.friendchat.server.file.FileRoutes;
import io.friendchat.server.file.FileService;
import io.friendchat.server.message.MessageService;
import io.friendchat.server.message.MessageSocket;
import io.friendchat.server.message.MessageStore;
import io.friendchat.server.message.MessageView;
import io.friendchat.server.metrics.MetricsEndpoint;
import io.friendchat.server.metrics.ServerMetrics;
import io.friendchat.server.people.People;
import io.friendchat.server.people.PeopleRoutes;
import io.friendchat.server.realtime.ChatGateway;
import io.friendchat.server.realtime.PresenceTracker;
import io.friendchat.server.realtime.RoomPushes;
import io.friendchat.server.realtime.SocketEvents;
import io.friendchat.server.realtime.Typing;
import io.friendchat.server.room.Invites;
import io.friendchat.server.room.Memberships;
import io.friendchat.server.room.RoomRoutes;
import io.friendchat.server.room.RoomService;
import io.friendchat.server.room.RoomSocket;
import io.friendchat.server.room.SharingRoutes;
import io.friendchat.server.search.SearchRoutes;
import io.friendchat.server.search.SearchService;
import io.friendchat.server.store.DataStore;
import io.friendchat.server.store.mongo.MongoDataStore;
import io.friendchat.server.store.sqlite.SqliteDataStore;
import io.friendchat.server.web.Csrf;
import io.friendchat.server.web.ErrorTable;
import io.friendchat.server.web.HealthRoutes;
import io.friendchat.server.web.Json;
import io.friendchat.server.web.OriginPolicy;
import io.friendchat.server.web.RequestLog;
import io.friendchat.server.web.SessionCookie;
import io.friendchat.server.web.WebAssets;
import io.friendchat.server.web.WebSecurity;
import io.friendchat.socketio.Namespace;
import io.friendchat.socketio.SocketIoOptions;
import io.friendchat.socketio.SocketIoServer;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.json.JavalinJackson;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds and wires every part of FriendChat: the store, the services, the routes, and later the
 * Socket.IO gateway. {@link Main} and every test start the server through here, so tests run
 * the real wiring.
 */
public final class FriendChatServer {
    private static final Logger log = LoggerFactory.getLogger(FriendChatServer.class);
    private static final long STOP_TIMEOUT_MS = 10_000;
    /** How long a stop waits for the sends already taken to be stored and acknowledged. */
    private static final Duration SEND_DRAIN_TIMEOUT = Duration.ofSeconds(5);
    /** How long a stop waits for long-polling clients to collect their last frames. */
    private static final Duration SOCKET_CLOSE_GRACE = Duration.ofSeconds(2);

    /** How long a stop waits for the files of deleted messages to be deleted. */
    private static final Duration FILE_DELETIONS_TIMEOUT = Duration.ofSeconds(5);

    private static final long SWEEP_EVERY_MINUTES = 10;
    /** The slow timer of the cluster's message sweep (see ClusterMessages). */
    private static final long CLUSTER_SWEEP_SECONDS = 15;

    private final Config config;
    private final DataStore store;
    private final Javalin app;
    private final ScheduledExecutorService sweeper;
    private final ChatGateway gateway;
    private final ScheduledExecutorService timers;
    private final RedisBus bus;
    private final ClusterPresence clusterPresence;
    private final ClusterMessages clusterMessages;
    private final MessageSocket messageSocket;
    private final ServerMetrics metrics;
    private final FileService files;
    /**
     * Deletes the file of a deleted message. Its own thread, because the deletion is announced on
     * the store's writer (the SQLite completer), which a write of its own waiting there would block.
     */
    private final ExecutorService fileDeletions;

    private final CompletableFuture<Void> leftoversDeleted = new CompletableFuture<>();

    private boolean stopped;

    private FriendChatServer(Config config, DataStore store, Clock clock) {
        this.config = config;
        this.store = store;
        this.metrics = new ServerMetrics();
        MessageStore messageStore = metrics.timed(store.messages());
        // Cluster mode: the bus between the nodes, and the rate limits they share through it.
        this.bus = config.clustered() ? new RedisBus(config.cluster(), Json.MAPPER) : null;
        RateLimits rateLimits = bus != null ? new RedisRateLimits(bus, clock) : RateLimits.inMemory(clock);
        HealthRoutes health = new HealthRoutes(store, bus == null ? null : bus::isUp);
        AccountService accounts = accounts(config, store, rateLimits, clock);
        SessionCookie sessionCookie = new SessionCookie(accounts);
        ServerAdmins admins = new ServerAdmins(config.admins());
        AccountRoutes accountRoutes = new AccountRoutes(accounts, sessionCookie, admins);
        OriginPolicy origins = new OriginPolicy(config.allowedOrigins());
        WebSecurity web = new WebSecurity(config, origins);
        Csrf csrf = new Csrf(origins);
        Memberships memberships = new Memberships(store.members());
        MessageService messages = new MessageService(messageStore, store.users(), memberships, Json.MAPPER, clock);
        RoomService rooms = new RoomService(
                store.rooms(),
                store.members(),
                messageStore,
                store.users(),
                messages,
                memberships,
                admins,
                store.blocks(),
                clock);
        messages.checkSends(rooms::checkCanSend);
        RoomRoutes roomRoutes = new RoomRoutes(rooms, messages, sessionCookie);
        SharingRoutes sharingRoutes =
                new SharingRoutes(rooms, new Invites(store.invites(), rooms, clock), sessionCookie);
        // Search: 2 a second, in bursts of 10, enough to type a name; never a way to list everyone.
        PeopleRoutes peopleRoutes = new PeopleRoutes(
                new People(store.users(), store.blocks(), rateLimits.bucket("user-search", 2, 10), clock),
                sessionCookie);
        SearchRoutes searchRoutes = new SearchRoutes(
                new SearchService(store.messageSearch(), memberships, store.rooms(), messages), sessionCookie);
        FileService fileService = new FileService(
                store.files(),
                messageStore,
                memberships,
                config.http().maxUploadBytes(),
                FileService.tempDir(config.dataDir()),
                clock);
        FileRoutes fileRoutes = new FileRoutes(fileService, sessionCookie);
        messages.attachments(fileService);
        // A deleted room takes its files with it.
        rooms.onDeleted(fileService::roomDeleted);
        this.files = fileService;
        WebAssets assets = WebAssets.load();

        // Real time: the Socket.IO server (its adapter is chosen here), then the features' handlers.
        SocketIoOptions.Builder ioOptions = SocketIoOptions.builder();
        if (bus != null) {
            ioOptions.adapterFactory(namespace -> new RedisAdapter(namespace, bus));
        }
        SocketIoServer io = new SocketIoServer(ioOptions.build());
        io.json().registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        // The messages of one commit are delivered in a row: each socket gets them in one write.
        store.reportCompletionsIn(io::batch);
        Namespace chat = io.sockets();
        Config.Limits limits = config.limits();
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "friendchat-realtime-timers");
            t.setDaemon(true);
            return t;
        });
        SocketEvents events = new SocketEvents(
                new TokenBucket(limits.eventsPerSocketPerSecond(), limits.eventsPerSocketPerSecond(), clock), metrics);
        PresenceTracker presence = new PresenceTracker(chat, memberships, timers);
        // Typing starts: 2 a second, in bursts of 5, since the web app starts typing anew after each
        // send and people send short messages in quick succession.
        Typing typing = new Typing(chat, events, memberships, timers, new TokenBucket(2, 5, clock));
        this.messageSocket = new MessageSocket(
                chat,
                events,
                messages,
                rateLimits.bucket("messages-user", limits.messagesPerSecond(), limits.messageBurst()));
        RoomSocket roomSocket = new RoomSocket(events, rooms, messages, presence);
        this.gateway = new ChatGateway(
                io, accounts, memberships, origins, events, presence, List.of(roomSocket, messageSocket, typing));
        metrics.observe(io);
        rooms.connect(new RoomPushes(chat, rooms, presence, typing), presence);
        this.fileDeletions = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "friendchat-file-deletions");
            t.setDaemon(true);
            return t;
        });
        accounts.onSessionsEnded(gateway);
        Consumer<MessageView> publishChange;
        if (bus == null) {
            messages.onStored(messageSocket::publish);
            publishChange = messageSocket::publishChange;
            accounts.onProfileChanged(gateway);
            this.clusterPresence = null;
            this.clusterMessages = null;
        } else {
            this.clusterMessages = new ClusterMessages(bus, chat, messages, Json.MAPPER, timers);
            ((RedisAdapter) chat.adapter()).onJoin(clusterMessages::joined);
            messages.onStored(clusterMessages::stored);
            messages.onRetried(clusterMessages::stored);
            publishChange = clusterMessages::changed;
            this.clusterPresence = new ClusterPresence(bus, config.cluster(), clock, timers);
            clusterPresence.tracker(presence);
            presence.peers(clusterPresence);
            clusterPresence.onPeerDown(clusterMessages::sweep);
            bus.onReconnected(clusterMessages::sweep);
            timers.scheduleWithFixedDelay(
                    clusterMessages::sweep, CLUSTER_SWEEP_SECONDS, CLUSTER_SWEEP_SECONDS, TimeUnit.SECONDS);
            ClusterCaches caches = new ClusterCaches(bus, memberships, store.users(), gateway);
            accounts.onProfileChanged(user -> {
                gateway.profileChanged(user);
                caches.profileChanged(user);
            });
        }
        // Changes to existing messages: clients that missed one catch up with room:join
        // {sinceRev}. A deleted message takes its file with it.
        messages.onChanged(view -> {
            publishChange.accept(view);
            if (view.deleted() != null) {
                deleteFileLater(fileService, view.id());
            }
        });
        // Server admins (admin/): the API over the same services, and the audit log.
        AdminService adminService = new AdminService(
                admins,
                store.users(),
                store.rooms(),
                store.messages(),
                accounts,
                rooms,
                new AuditLog(store.audit(), clock),
                presence,
                () -> new LiveConnections.Counts(gateway.connectedSockets(), gateway.connectedUsers()));
        AdminRoutes adminRoutes = new AdminRoutes(adminService, sessionCookie);
        Runnable sweepRealtime = () -> {
            events.sweep();
            typing.sweep();
            messageSocket.sweep();
        };
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "friendchat-sweeper");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(
                () -> sweep(accounts, sweepRealtime), SWEEP_EVERY_MINUTES, SWEEP_EVERY_MINUTES, TimeUnit.MINUTES);
        this.app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.startup.showOldJavalinVersionWarning = false;
            c.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            c.jetty.modifyServer(server -> {
                // Stop accepting, let in-flight requests finish (up to the timeout), then close.
                server.setStopTimeout(STOP_TIMEOUT_MS);
                server.setStopAtShutdown(false);
            });
            c.jetty.modifyServletContextHandler(handler -> {
                handler.insertHandler(new GracefulHandler());
                gateway.mount(handler);
            });
            assets.configure(c);
            c.requestLogger.http((ctx, ms) -> {
                RequestLog.log(ctx, ms);
                metrics.answered(ctx.method().name(), ctx.path(), ctx.statusCode());
            });
            c.routes.before(RequestLog::assignId);
            web.configure(c);
            // After the app's connectors: the first one is the app's port.
            configureMetrics(c, config.ops());
            c.routes.before("/api/*", csrf::check);
            ErrorTable.register(c.routes);
            health.register(c.routes);
            accountRoutes.register(c.routes);
            // Before the rooms' routes, whose /api/rooms/{id} would take /api/rooms/public.
            sharingRoutes.register(c.routes);
            peopleRoutes.register(c.routes);
            roomRoutes.register(c.routes);
            searchRoutes.register(c.routes);
            fileRoutes.register(c.routes);
            assets.register(c.routes);
            adminRoutes.register(c.routes);
        });
    }

    private void deleteFileLater(FileService fileService, String messageId) {
        try {
            fileDeletions.execute(() -> fileService.messageDeleted(messageId));
        } catch (RejectedExecutionException e) {
            log.warn(
                    "the file of message {} was not deleted: the server is stopping; the next start deletes it",
                    messageId);
        }
    }

    /** {@code /metrics} (see {@link MetricsEndpoint}) and the Jetty thread pool's meters. */
    private void configureMetrics(JavalinConfig c, OpsSettings ops) {
        c.jetty.modifyServer(server -> {
            metrics.observe(server.getThreadPool());
            if (ops.metricsEnabled()) {
                server.insertHandler(new MetricsEndpoint(metrics, ops));
            }
        });
        if (ops.metricsPort() >= 0) {
            c.jetty.addConnector((server, http) -> MetricsEndpoint.connector(server, config.host(), ops.metricsPort()));
        }
    }

    /** Opens the configured store and wires everything, without opening the port yet. */
    public static FriendChatServer create(Config config) {
        return create(config, Clock.systemUTC());
    }

    /** As {@link #create(Config)}, with a clock that tests can move. */
    public static FriendChatServer create(Config config, Clock clock) {
        return create(config, clock, openStore(config));
    }

    /** Opens the store the configuration names: MongoDB when {@code MONGO_URI} is set, else SQLite. */
    public static DataStore openStore(Config config) {
        return config.usesMongo() ? new MongoDataStore(config.mongoUri()) : new SqliteDataStore(config.dataDir());
    }

    /**
     * As {@link #create(Config, Clock)}, over a store that is already open, which the server then
     * owns and closes: for tests that put a delay or a fault in front of a real store.
     */
    public static FriendChatServer create(Config config, Clock clock, DataStore store) {
        try {
            return new FriendChatServer(config, store, clock);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** Creates the server and starts serving. */
    public static FriendChatServer start(Config config) {
        return create(config).start();
    }

    /**
     * Opens the port, then deletes what a process that died part-way left behind, in the
     * background: the sweeps read every attached file and every stored file, which must not hold
     * up a start. See {@link #leftoversDeleted()}.
     */
    public FriendChatServer start() {
        try {
            app.start();
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        log.info("FriendChat listening on {}:{} with the {} store", config.host(), port(), store.kind());
        fileDeletions.execute(() -> {
            try {
                deleteLeftovers();
            } finally {
                leftoversDeleted.complete(null);
            }
        });
        return this;
    }

    /** Completes once the sweep that {@link #start()} began has run, whatever it found. */
    public CompletableFuture<Void> leftoversDeleted() {
        return leftoversDeleted;
    }

    /**
     * Files of rooms and of messages deleted by a process that died before it deleted them too,
     * uploads it was receiving, and stored bytes whose record it never wrote. A failure is logged
     * and changes nothing else: the next start tries again.
     */
    private void deleteLeftovers() {
        deleteAtStart(
                "files of rooms deleted before the last stop", () -> files.deleteFilesOfDeletedRooms(store.rooms()));
        deleteAtStart(
                "files of messages deleted before the last stop",
                () -> files.deleteFilesOfDeletedMessages(store.messages()));
        deleteAtStart("uploads left behind by a stop mid-upload", files::deleteUploadsLeftBehind);
        deleteAtStart("stored files of uploads whose record was never written", files::deleteBytesWithoutRecord);
    }

    /** Runs one sweep of {@link #deleteLeftovers}; {@code sweep} returns how many it deleted. */
    private static void deleteAtStart(String what, IntSupplier sweep) {
        try {
            int deleted = sweep.getAsInt();
            if (deleted > 0) {
                log.info("deleted {} {}", deleted, what);
            }
        } catch (RuntimeException e) {
            log.warn("deleting the {} failed; the next start tries again", what, e);
        }
    }

    private static void sweep(AccountService accounts, Runnable sweepRealtime) {
        try {
            sweepRealtime.run();
            int swept = accounts.sweep();
            if (swept > 0) {
                log.info("swept {} expired sessions", swept);
            }
        } catch (RuntimeException e) {
            log.warn("sweeping expired sessions failed; will try again", e);
        }
    }

    public int port() {
        return app.port();
    }

    /** The management port serving {@code /metrics}, or -1 when there is none. */
    public int metricsPort() {
        for (Connector connector : app.jettyServer().server().getConnectors()) {
            if (MetricsEndpoint.CONNECTOR_NAME.equals(connector.getName())
                    && connector instanceof ServerConnector network) {
                return network.getLocalPort();
            }
        }
        return -1;
    }

    public ServerMetrics metrics() {
        return metrics;
    }

    public Config config() {
        return config;
    }

    public DataStore store() {
        return store;
    }

    public ChatGateway gateway() {
        return gateway;
    }

    /**
     * Stops gracefully, each step bounded: the sends already taken are stored and acknowledged
     * (new ones are not taken); then every socket is closed at the transport level, so clients
     * reconnect by themselves (to another node, in a cluster); then in-flight requests finish;
     * then the store closes. Safe to call twice.
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        log.info("FriendChat stopping");
        sweeper.shutdownNow();
        int unfinished = messageSocket.drain(SEND_DRAIN_TIMEOUT);
        if (unfinished > 0) {
            log.warn(
                    "{} sends were still unfinished after {} s; their clients will send them again",
                    unfinished,
                    SEND_DRAIN_TIMEOUT.toSeconds());
        }
        if (clusterPresence != null) {
            clusterPresence.close(); // the other nodes take this one's users offline now
        }
        // Sockets before Jetty: closing them completes pending long-polls, which would otherwise
        // hold Jetty's graceful stop until its timeout.
        gateway.close(SOCKET_CLOSE_GRACE);
        timers.shutdownNow();
        app.stop();
        fileDeletions.shutdown();
        try {
            if (!fileDeletions.awaitTermination(FILE_DELETIONS_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                log.warn(
                        "files of deleted messages or rooms were still being deleted after {} s",
                        FILE_DELETIONS_TIMEOUT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (bus != null) {
            bus.close();
            log.info(
                    "cluster: {} gaps in the bus were filled from the store; {} appends lost their seq to another node",
                    clusterMessages.gapsFilled(),
                    store instanceof MongoDataStore mongo ? mongo.seqCollisions() : 0);
        }
        store.close();
        metrics.close();
        log.info("FriendChat stopped");
    }

    /**
     * The services behind the admin command ({@code friendchat admin ...}), over an open store:
     * the same accounts and messages as the server's, without the web and real-time parts.
     */
    public static AdminCommands adminCommands(Config config, DataStore store, Clock clock, String operator) {
        // In-memory limits: a command is one operator's action, not traffic to limit across nodes.
        AccountService accounts = accounts(config, store, RateLimits.inMemory(clock), clock);
        MessageService messages = new MessageService(
                store.messages(), store.users(), new Memberships(store.members()), Json.MAPPER, clock);
        return new AdminCommands(
                store,
                accounts,
                messages,
                new ServerAdmins(config.admins()),
                new AuditLog(store.audit(), clock),
                Json.MAPPER,
                clock,
                operator);
    }

    private static AccountService accounts(Config config, DataStore store, RateLimits rateLimits, Clock clock) {
        return new AccountService(
                store.users(),
                store.sessions(),
                new PasswordHasher(),
                CommonPasswords.load(),
                config,
                rateLimits,
                clock);
    }
}
