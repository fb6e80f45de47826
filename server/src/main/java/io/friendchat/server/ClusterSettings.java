package io.friendchat.server;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Cluster mode, the part of {@link Config} that lets several nodes serve one team: on when
 * {@code REDIS_URL} is set. The nodes share MongoDB (the source of truth) and use Redis as a fast,
 * lossy bus between them; a SQLite file cannot be shared, so cluster mode requires {@code
 * MONGO_URI}. Each variable is documented in docs/configuration.md.
 *
 * @param redisUrl the Redis the nodes talk through ({@code REDIS_URL}, {@code redis://} or {@code rediss://})
 * @param nodeId this node's name on the bus, unique in the cluster ({@code FRIENDCHAT_NODE_ID};
 *     a random one by default)
 * @param heartbeat how often a node tells the others it is alive; one silent for {@link
 *     #MISSED_HEARTBEATS} beats is taken as down ({@code FRIENDCHAT_CLUSTER_HEARTBEAT})
 */
public record ClusterSettings(String redisUrl, String nodeId, Duration heartbeat) {
    public static final int MISSED_HEARTBEATS = 3;

    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** How long a silent node is given before it is taken as down. */
    public Duration nodeTimeout() {
        return heartbeat.multipliedBy(MISSED_HEARTBEATS);
    }

    @Override
    public String toString() {
        // The URL may hold a password.
        return "ClusterSettings[nodeId=" + nodeId + ", heartbeat=" + heartbeat + "]";
    }

    /** The cluster settings, or null when {@code REDIS_URL} is not set (one node). */
    static ClusterSettings fromEnv(Map<String, String> env, boolean usesMongo) {
        String url = Config.value(env, "REDIS_URL", "");
        if (url.isEmpty()) {
            return null;
        }
        if (!usesMongo) {
            throw new ConfigException(
                    "REDIS_URL",
                    "turns cluster mode on, which needs MONGO_URI too: the nodes must share one MongoDB "
                            + "(an embedded SQLite file cannot be shared)");
        }
        try {
            URI uri = new URI(url);
            if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new URISyntaxException(url, "not redis://");
            }
        } catch (URISyntaxException e) {
            // The URL may hold a password, so it is not echoed.
            throw new ConfigException("REDIS_URL", "must be a URL like redis://host:6379 or rediss://host:6380");
        }
        String nodeId = Config.value(
                env,
                "FRIENDCHAT_NODE_ID",
                "node-" + UUID.randomUUID().toString().substring(0, 8));
        if (!NODE_ID.matcher(nodeId).matches()) {
            throw new ConfigException(
                    "FRIENDCHAT_NODE_ID", "must be 1 to 64 letters, digits, '.', '_' or '-', not '" + nodeId + "'");
        }
        Duration heartbeat = Config.duration(env, "FRIENDCHAT_CLUSTER_HEARTBEAT", "2s");
        return new ClusterSettings(url, nodeId, heartbeat);
    }
}
