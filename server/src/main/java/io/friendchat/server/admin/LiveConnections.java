package io.friendchat.server.admin;

/** How many sockets and users are connected to this server now; the real-time gateway knows. */
@FunctionalInterface
public interface LiveConnections {
    Counts now();

    record Counts(int sockets, int users) {}
}
