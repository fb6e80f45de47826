package io.friendchat.server;

import io.friendchat.server.realtime.SocketMount;
import io.friendchat.server.store.DataStore;
import io.friendchat.server.store.mongo.MongoDataStore;
import io.friendchat.server.store.sqlite.SqliteDataStore;
import io.friendchat.server.web.ErrorTable;
import io.friendchat.server.web.HealthRoutes;
import io.friendchat.server.web.Json;
import io.friendchat.server.web.RequestLog;
import io.friendchat.server.web.WebSecurity;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
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

    private final Config config;
    private final DataStore store;
    private final SocketMount sockets;
    private final Javalin app;
    private boolean stopped;

    private FriendChatServer(Config config, DataStore store) {
        this.config = config;
        this.store = store;
        HealthRoutes health = new HealthRoutes(store);
        WebSecurity web = new WebSecurity(config);
        this.sockets = new SocketMount(web.origins());
        this.app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.startup.showOldJavalinVersionWarning = false;
            c.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            c.jetty.modifyServer(server -> {
                // Stop accepting, let in-flight requests finish (up to the timeout), then close.
                server.setStopTimeout(STOP_TIMEOUT_MS);
                server.setStopAtShutdown(false);
            });
            c.jetty.modifyServletContextHandler(handler -> handler.insertHandler(new GracefulHandler()));
            c.jetty.modifyServletContextHandler(sockets::install);
            c.staticFiles.add(sf -> {
                sf.hostedPath = "/";
                sf.directory = "/web";
                sf.location = Location.CLASSPATH;
            });
            c.requestLogger.http(RequestLog::log);
            c.routes.before(RequestLog::assignId);
            web.configure(c);
            ErrorTable.register(c.routes);
            health.register(c.routes);
        });
    }

    /** Opens the configured store and wires everything, without opening the port yet. */
    public static FriendChatServer create(Config config) {
        DataStore store = config.usesMongo() ? new MongoDataStore(config.mongoUri()) : new SqliteDataStore(config.dataDir());
        try {
            return new FriendChatServer(config, store);
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

    public int port() {
        return app.port();
    }

    public Config config() {
        return config;
    }

    public DataStore store() {
        return store;
    }

    /** Stops accepting, finishes in-flight requests, then closes the store. Safe to call twice. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        log.info("FriendChat stopping");
        app.stop();
        sockets.close();
        store.close();
        log.info("FriendChat stopped");
    }
}
