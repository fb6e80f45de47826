package io.friendchat.server;

import com.mongodb.ConnectionString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything FriendChat reads from the environment, read once at start and validated there: a
 * bad value stops the start with one line naming the variable. Every variable and its default
 * is documented in docs/configuration.md; keep the two in step.
 *
 * @param host the address to bind ({@code FRIENDCHAT_HOST})
 * @param port the HTTP port; 0 picks a free one ({@code PORT})
 * @param dataDir where the SQLite file and generated files live ({@code FRIENDCHAT_DATA_DIR})
 * @param mongoUri the MongoDB connection string, or null for the embedded SQLite store ({@code MONGO_URI})
 * @param allowedOrigins origins besides the server's own that may call the API and open sockets
 *     ({@code FRIENDCHAT_ALLOWED_ORIGINS}), each as {@code scheme://host[:port]}
 * @param sessionIdleTimeout a session unused this long ends ({@code FRIENDCHAT_SESSION_IDLE_TIMEOUT})
 * @param sessionAbsoluteTimeout a session ends this long after login, used or not
 *     ({@code FRIENDCHAT_SESSION_ABSOLUTE_TIMEOUT})
 * @param limits the rate limits
 * @param http TLS, trusted proxies and request limits (see {@link HttpSettings})
 * @param cluster cluster mode over Redis, or null for one node (see {@link ClusterSettings})
 * @param ops metrics access and the log format (see {@link OpsSettings})
 * @param admins usernames who are server admins whatever their stored flag
 *     ({@code FRIENDCHAT_ADMINS}), as written
 */
public record Config(
        String host,
        int port,
        Path dataDir,
        String mongoUri,
        List<String> allowedOrigins,
        Duration sessionIdleTimeout,
        Duration sessionAbsoluteTimeout,
        Limits limits,
        HttpSettings http,
        ClusterSettings cluster,
        OpsSettings ops,
        List<String> admins) {

    /**
     * Rate limits. Failed logins are counted per account and per client IP over
     * {@code loginWindow}; sign-ups per client IP over an hour; chat messages per user as a
     * token bucket of {@code messagesPerSecond} with bursts of {@code messageBurst}; any
     * Socket.IO event per socket at {@code eventsPerSocketPerSecond}.
     */
    public record Limits(
            int loginFailuresPerAccount,
            int loginFailuresPerIp,
            Duration loginWindow,
            int signupsPerIpPerHour,
            int messagesPerSecond,
            int messageBurst,
            int eventsPerSocketPerSecond) {}

    public Config {
        allowedOrigins = List.copyOf(allowedOrigins);
        admins = List.copyOf(admins);
    }

    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final String DEFAULT_DATA_DIR = "./data";

    /** Reads and validates the configuration, creating the data dir when it is missing. */
    public static Config fromEnv(Map<String, String> env) {
        String host = value(env, "FRIENDCHAT_HOST", DEFAULT_HOST);
        int port = port(env, "PORT", DEFAULT_PORT);
        Path dataDir = dataDir(env);
        String mongoUri = mongoUri(env);
        List<String> origins = origins(env);
        Duration idle = duration(env, "FRIENDCHAT_SESSION_IDLE_TIMEOUT", "7d");
        Duration absolute = duration(env, "FRIENDCHAT_SESSION_ABSOLUTE_TIMEOUT", "30d");
        Limits limits = new Limits(
                positive(env, "FRIENDCHAT_LOGIN_FAILURES_PER_ACCOUNT", 10),
                positive(env, "FRIENDCHAT_LOGIN_FAILURES_PER_IP", 100),
                duration(env, "FRIENDCHAT_LOGIN_WINDOW", "15m"),
                positive(env, "FRIENDCHAT_SIGNUPS_PER_IP_PER_HOUR", 20),
                positive(env, "FRIENDCHAT_MESSAGES_PER_SECOND", 5),
                positive(env, "FRIENDCHAT_MESSAGE_BURST", 20),
                positive(env, "FRIENDCHAT_EVENTS_PER_SOCKET_PER_SECOND", 100));
        HttpSettings http = HttpSettings.fromEnv(env);
        OpsSettings ops = OpsSettings.fromEnv(env, port, http.redirectPort());
        ClusterSettings cluster = ClusterSettings.fromEnv(env, mongoUri != null);
        return new Config(
                host, port, dataDir, mongoUri, origins, idle, absolute, limits, http, cluster, ops, admins(env));
    }

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");
    private static final Pattern ORIGIN =
            Pattern.compile("https?://[A-Za-z0-9.-]+(:\\d{1,5})?|https?://\\[[0-9A-Fa-f:.]+](:\\d{1,5})?");

    /** A duration written as a number and a unit: {@code 500ms}, {@code 30s}, {@code 15m}, {@code 12h}, {@code 7d}. */
    static Duration duration(Map<String, String> env, String name, String fallback) {
        String raw = value(env, name, fallback);
        Matcher m = DURATION.matcher(raw);
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new ConfigException(
                    name, "must be a positive duration such as 500ms, 30s, 15m, 12h or 7d, not '" + raw + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    static int positive(Map<String, String> env, String name, int fallback) {
        String raw = value(env, name, Integer.toString(fallback));
        try {
            int n = Integer.parseInt(raw);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigException(name, "must be a whole number above 0, not '" + raw + "'");
    }

    private static List<String> origins(Map<String, String> env) {
        String raw = value(env, "FRIENDCHAT_ALLOWED_ORIGINS", "");
        List<String> origins = new ArrayList<>();
        for (String part : raw.split(",")) {
            String origin = part.trim();
            if (origin.isEmpty()) {
                continue;
            }
            if (origin.endsWith("/")) {
                origin = origin.substring(0, origin.length() - 1);
            }
            if (!ORIGIN.matcher(origin).matches()) {
                throw new ConfigException(
                        "FRIENDCHAT_ALLOWED_ORIGINS",
                        "must be a comma-separated list of origins like https://chat.example.com, not '" + part.trim()
                                + "'");
            }
            origins.add(origin.toLowerCase(Locale.ROOT));
        }
        return origins;
    }

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.-]{3,32}");

    /** {@code FRIENDCHAT_ADMINS}: comma-separated usernames, each of the shape sign-up accepts. */
    private static List<String> admins(Map<String, String> env) {
        List<String> admins = new ArrayList<>();
        for (String part : value(env, "FRIENDCHAT_ADMINS", "").split(",")) {
            String name = part.trim();
            if (name.isEmpty()) {
                continue;
            }
            if (!USERNAME.matcher(name).matches()) {
                throw new ConfigException(
                        "FRIENDCHAT_ADMINS",
                        "must be a comma-separated list of usernames (3 to 32 letters, digits, '_', '-' or '.'), not '"
                                + name + "'");
            }
            admins.add(name);
        }
        return admins;
    }

    public boolean usesMongo() {
        return mongoUri != null;
    }

    public boolean clustered() {
        return cluster != null;
    }

    static String value(Map<String, String> env, String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    static int port(Map<String, String> env, String name, int fallback) {
        String raw = value(env, name, Integer.toString(fallback));
        try {
            int port = Integer.parseInt(raw);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigException(name, "must be a whole number from 0 to 65535, not '" + raw + "'");
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
            throw new ConfigException(
                    "MONGO_URI",
                    "is not a valid MongoDB connection string (expected mongodb://host[:port]/[database])");
        }
    }
}
