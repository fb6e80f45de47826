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
import io.friendchat.server.common.TokenBucket;
import io.friendchat.server.message.MessageService;
import io.friendchat.server.message.MessageSocket;
import io.friendchat.server.realtime.ChatGateway;
import io.friendchat.server.realtime.PresenceTracker;
import io.friendchat.server.realtime.RoomPushes;
import io.friendchat.server.realtime.SocketEvents;
import io.friendchat.server.realtime.Typing;
import io.friendchat.server.room.Memberships;
import io.friendchat.server.room.RoomRoutes;
import io.friendchat.server.room.RoomService;
import io.friendchat.server.room.RoomSocket;
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
import io.friendchat.server.web.WebSecurity;
import io.friendchat.socketio.Namespace;
import io.friendchat.socketio.SocketIoOptions;
import io.friendchat.socketio.SocketIoServer;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
    private static final long SWEEP_EVERY_MINUTES = 10;

    private final Config config;
    private final DataStore store;
    private final Javalin app;
    private final ScheduledExecutorService sweeper;
    private final ChatGateway gateway;
    private final ScheduledExecutorService timers;
    private boolean stopped;

    private FriendChatServer(Config config, DataStore store, Clock clock) {
        this.config = config;
        this.store = store;
        HealthRoutes health = new HealthRoutes(store);
        AccountService accounts = new AccountService(
                store.users(), store.sessions(), new PasswordHasher(), CommonPasswords.load(), config, clock);
        SessionCookie sessionCookie = new SessionCookie(accounts);
        ServerAdmins admins = new ServerAdmins(config.admins());
        AccountRoutes accountRoutes = new AccountRoutes(accounts, sessionCookie, admins);
        OriginPolicy origins = new OriginPolicy(config.allowedOrigins());
        WebSecurity web = new WebSecurity(config, origins);
        Csrf csrf = new Csrf(origins);
        Memberships memberships = new Memberships(store.members());
        MessageService messages = new MessageService(store.messages(), store.users(), memberships, Json.MAPPER, clock);
        RoomService rooms = new RoomService(
                store.rooms(), store.members(), store.messages(), store.users(), messages, memberships, admins, clock);
        RoomRoutes roomRoutes = new RoomRoutes(rooms, messages, sessionCookie);

        // Real time: the Socket.IO server (its adapter is chosen here), then the features' handlers.
        SocketIoServer io = new SocketIoServer(SocketIoOptions.builder().build());
        io.json().registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        Namespace chat = io.sockets();
        Config.Limits limits = config.limits();
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "friendchat-realtime-timers");
            t.setDaemon(true);
            return t;
        });
        SocketEvents events = new SocketEvents(
                new TokenBucket(limits.eventsPerSocketPerSecond(), limits.eventsPerSocketPerSecond(), clock));
        PresenceTracker presence = new PresenceTracker(chat, memberships, timers);
        Typing typing = new Typing(chat, events, memberships, timers, new TokenBucket(2, 2, clock));
        MessageSocket messageSocket = new MessageSocket(
                chat, events, messages, new TokenBucket(limits.messagesPerSecond(), limits.messageBurst(), clock));
        RoomSocket roomSocket = new RoomSocket(events, rooms, messages, presence);
        this.gateway = new ChatGateway(
                io, accounts, memberships, origins, events, presence, List.of(roomSocket, messageSocket, typing));
        messages.onStored(messageSocket::publish);
        rooms.connect(new RoomPushes(chat, rooms, presence, typing), presence);
        accounts.onSessionsEnded(gateway);
        accounts.onProfileChanged(gateway);
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
            c.staticFiles.add(sf -> {
                sf.hostedPath = "/";
                sf.directory = "/web";
                sf.location = Location.CLASSPATH;
            });
            c.requestLogger.http(RequestLog::log);
            c.routes.before(RequestLog::assignId);
            web.configure(c);
            c.routes.before("/api/*", csrf::check);
            ErrorTable.register(c.routes);
            health.register(c.routes);
            accountRoutes.register(c.routes);
            roomRoutes.register(c.routes);
            adminRoutes.register(c.routes);
        });
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

    /** Opens the port. */
    public FriendChatServer start() {
        try {
            app.start();
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        log.info("FriendChat listening on {}:{} with the {} store", config.host(), port(), store.kind());
        return this;
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

    public Config config() {
        return config;
    }

    public DataStore store() {
        return store;
    }

    public ChatGateway gateway() {
        return gateway;
    }

    /** Stops accepting, finishes in-flight requests, then closes the store. Safe to call twice. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        log.info("FriendChat stopping");
        sweeper.shutdownNow();
        // Sockets first: closing them completes pending long-polls, which would otherwise hold
        // Jetty's graceful stop until its timeout.
        gateway.close();
        timers.shutdownNow();
        app.stop();
        store.close();
        log.info("FriendChat stopped");
    }

    /**
     * The services behind the admin command ({@code friendchat admin ...}), over an open store:
     * the same accounts and messages as the server's, without the web and real-time parts.
     */
    public static AdminCommands adminCommands(Config config, DataStore store, Clock clock, String operator) {
        AccountService accounts = new AccountService(
                store.users(), store.sessions(), new PasswordHasher(), CommonPasswords.load(), config, clock);
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
}
