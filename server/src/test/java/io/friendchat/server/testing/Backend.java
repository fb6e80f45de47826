package io.friendchat.server.testing;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.friendchat.server.store.DataStore;
import io.friendchat.server.store.mongo.MongoDataStore;
import io.friendchat.server.store.sqlite.SqliteDataStore;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The two storage backends every contract and integration test runs against: a real SQLite file
 * in a temp dir, and the in-process MongoDB wire-compatible server (no real mongod can be
 * installed here). Each {@link #newTarget} gets its own SQLite dir or Mongo database.
 */
public enum Backend {
    SQLITE,
    MONGO;

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static MongoServer mongo;

    /** One in-process Mongo server for the whole test JVM, on a free port. */
    public static synchronized String mongoAddress() {
        if (mongo == null) {
            MongoServer server = new MongoServer(new MemoryBackend());
            server.bind("127.0.0.1", 0);
            Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
            mongo = server;
        }
        InetSocketAddress address = mongo.getLocalAddress();
        return "127.0.0.1:" + address.getPort();
    }

    /** Where one test's data lives: reopening the same target sees the same data. */
    public Target newTarget(Path tempDir) {
        String uri = this == MONGO ? "mongodb://" + mongoAddress() + "/fc_test_" + DATABASES.incrementAndGet() : null;
        return new Target(this, tempDir, uri);
    }

    public record Target(Backend backend, Path dataDir, String mongoUri) {
        public DataStore open() {
            return backend == MONGO ? new MongoDataStore(mongoUri) : new SqliteDataStore(dataDir);
        }

        /** The environment that makes the whole server use this target, on a free port. */
        public Map<String, String> env() {
            Map<String, String> env = new HashMap<>();
            env.put("PORT", "0");
            env.put("FRIENDCHAT_HOST", "127.0.0.1");
            env.put("FRIENDCHAT_DATA_DIR", dataDir.toString());
            if (mongoUri != null) {
                env.put("MONGO_URI", mongoUri);
            }
            return env;
        }

        /** {@link #env()} plus more settings, given as variable, value, variable, value... */
        public Map<String, String> env(String... settings) {
            Map<String, String> env = env();
            for (int i = 0; i < settings.length; i += 2) {
                env.put(settings[i], settings[i + 1]);
            }
            return env;
        }
    }
}
