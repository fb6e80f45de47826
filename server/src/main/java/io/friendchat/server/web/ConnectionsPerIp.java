package io.friendchat.server.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the open connections from one peer IP: one over the cap is closed as soon as it opens.
 * Added as a bean to each connector. Trusted proxies are exempt, since every client behind them
 * shares their address (limit connections in the proxy instead).
 *
 * <p>Only connections on a network endpoint are counted: over TLS the decrypted HTTP connection
 * rides on the TLS one, and a WebSocket upgrade replaces the HTTP connection on the same socket.
 */
public final class ConnectionsPerIp implements Connection.Listener {
    private static final Logger log = LoggerFactory.getLogger(ConnectionsPerIp.class);

    private final int max;
    private final TrustedProxies exempt;
    private final Map<InetAddress, Integer> open = new ConcurrentHashMap<>();
    /** Each counted connection's peer, kept because a closed socket no longer knows it. */
    private final Map<Connection, InetAddress> peers = new ConcurrentHashMap<>();

    public ConnectionsPerIp(int max, TrustedProxies exempt) {
        this.max = max;
        this.exempt = exempt;
    }

    @Override
    public void onOpened(Connection connection) {
        InetAddress ip = countedIp(connection);
        if (ip == null) {
            return;
        }
        peers.put(connection, ip);
        int count = open.merge(ip, 1, Integer::sum);
        if (count > max) {
            if (count == max + 1) {
                // Once per burst, not per refused connection: a flood must not flood the log too.
                log.warn("refusing connections from {}: it has {} open, the limit", ip.getHostAddress(), max);
            }
            connection.getEndPoint().close();
        }
    }

    @Override
    public void onClosed(Connection connection) {
        InetAddress ip = peers.remove(connection);
        if (ip != null) {
            open.computeIfPresent(ip, (k, n) -> n <= 1 ? null : n - 1);
        }
    }

    private InetAddress countedIp(Connection connection) {
        if (!(connection.getEndPoint() instanceof SocketChannelEndPoint endPoint)
                || !(endPoint.getRemoteSocketAddress() instanceof InetSocketAddress remote)) {
            return null;
        }
        InetAddress ip = remote.getAddress();
        return ip == null || exempt.contains(ip) ? null : ip;
    }
}
