package io.friendchat.server.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** A port on 127.0.0.1 that was free a moment ago, for a child that cannot pick its own. */
final class FreePort {
    private FreePort() {}

    static int find() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
