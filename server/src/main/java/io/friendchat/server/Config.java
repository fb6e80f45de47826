package io.friendchat.server;

import com.mongodb.ConnectionString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Everything FriendChat reads from the environment, read once at start and validated there: a
 * bad value stops the start with one line naming the variable. Every variable and its default
 * is documented in docs/configuration.md; keep the two in step.
 *
 * @param host the address to bind ({@code FRIENDCHAT_HOST})
 * @param port the HTTP port; 0 picks a free one ({@code PORT})
 * @param dataDir where the SQLite file and generated files live ({@code FRIENDCHAT_DATA_DIR})
 * @param mongoUri the MongoDB connection string, or null for the embedded SQLite store ({@code MONGO_URI})
 */
public record Config(String host, int port, Path dataDir, String mongoUri) {

    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final String DEFAULT_DATA_DIR = "./data";

    /** Reads and validates the configuration, creating the data dir when it is missing. */
    public static Config fromEnv(Map<String, String> env) {
        String host = value(env, "FRIENDCHAT_HOST", DEFAULT_HOST);
        int port = port(env);
        Path dataDir = dataDir(env);
        String mongoUri = mongoUri(env);
        return new Config(host, port, dataDir, mongoUri);
    }

    public boolean usesMongo() {
        return mongoUri != null;
    }

    private static String value(Map<String, String> env, String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static int port(Map<String, String> env) {
        String raw = value(env, "PORT", Integer.toString(DEFAULT_PORT));
        try {
            int port = Integer.parseInt(raw);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigException("PORT", "must be a whole number from 0 to 65535, not '" + raw + "'");
    }

    private static Path dataDir(Map<String, String> env) {
        String raw = value(env, "FRIENDCHAT_DATA_DIR", DEFAULT_DATA_DIR);
        try {
            Path dir = Path.of(raw).toAbsolutePath().normalize();
            Files.createDirectories(dir);
            if (!Files.isWritable(dir)) {
                throw new ConfigException("FRIENDCHAT_DATA_DIR", "'" + raw + "' is not writable");
            }
            return dir;
        } catch (IOException | InvalidPathException | SecurityException e) {
            throw new ConfigException("FRIENDCHAT_DATA_DIR", "'" + raw + "' cannot be created: " + describe(e));
        }
    }

    private static String describe(Exception e) {
        String name = e.getClass().getSimpleName();
        return e.getMessage() == null ? name : name + " (" + e.getMessage() + ")";
    }

    private static String mongoUri(Map<String, String> env) {
        String raw = env.get("MONGO_URI");
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            new ConnectionString(raw.trim());
            return raw.trim();
        } catch (IllegalArgumentException e) {
            // The URI may hold a password, so it is not echoed.
            throw new ConfigException("MONGO_URI",
                    "is not a valid MongoDB connection string (expected mongodb://host[:port]/[database])");
        }
    }
}
