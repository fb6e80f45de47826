package io.friendchat.server.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay between a browser and the server that can turn half dead, as a mobile or hotel
 * network does: the connections stay open, but the bytes in one or both directions vanish.
 * DevTools can only take the network away cleanly (the browser is told it is offline); this is
 * the case where nobody is told.
 *
 * <p>The browser loads the app from {@link #url}, so the page, the API and the socket all go
 * through the relay. The Host header passes through unchanged, so the server's same-origin
 * checks see the origin the browser used.
 */
final class FaultyLink implements AutoCloseable {
    private enum Mode {
        OPEN,
        /** Browser to server still flows; server to browser is dropped. */
        SWALLOW_REPLIES,
        /** Nothing flows either way. */
        STALL
    }

    private final ServerSocket listener;
    private final int serverPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile Mode mode = Mode.OPEN;
    private final AtomicInteger droppedRequests = new AtomicInteger();
    /** Bumped by each reset; only connections opened since the last reset count as new attempts. */
    private final AtomicInteger generation = new AtomicInteger();

    private final AtomicInteger webSocketUpgrades = new AtomicInteger();
    /** Requests whose head starts with these bytes reach the server {@link #delayMillis} late. */
    private volatile byte[] delayedRequest;

    private volatile long delayMillis;

    FaultyLink(int serverPort) {
        this.serverPort = serverPort;
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        daemon("faulty-link-accept", this::acceptLoop).start();
    }

    /** The server's URL as reached through this link. */
    String url(String hash) {
        return "http://127.0.0.1:" + listener.getLocalPort() + "/" + hash;
    }

    /**
     * How many chunks the browser sent on connections it opened since the last reset that were
     * lost: each shows a new attempt to reach the server under way.
     */
    int droppedRequests() {
        return droppedRequests.get();
    }

    /**
     * How many engine.io connections finished moving from long-polling to a WebSocket (the
     * client's "5" upgrade packet went through). Until then its writes wait for the polling
     * transport to pause, which a half-dead link can keep from ever happening.
     */
    int webSocketUpgrades() {
        return webSocketUpgrades.get();
    }

    /**
     * From now on each request whose first line starts with {@code requestStart} (such as
     * {@code "GET /api/rooms "}) is held this long before it goes on to the server: one slow
     * endpoint, with everything else at full speed.
     */
    void delay(String requestStart, java.time.Duration by) {
        delayMillis = by.toMillis();
        delayedRequest = requestStart.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** From now on the server's answers are lost, on open connections and new ones alike. */
    void swallowReplies() {
        mode = Mode.SWALLOW_REPLIES;
    }

    /** From now on nothing gets through either way; connection attempts hang. */
    void stall() {
        mode = Mode.STALL;
    }

    /**
     * Resets every open connection, as a router that lost its state does; the mode stays, and
     * {@link #droppedRequests} counts from zero again.
     */
    void resetConnections() {
        generation.incrementAndGet();
        droppedRequests.set(0);
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }

    /** New bytes get through again; connections that lost some stay open, waiting for them. */
    void heal() {
        mode = Mode.OPEN;
    }

    /** The network is back: new bytes get through, and the connections that lost some are reset. */
    void restore() {
        heal();
        resetConnections();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket browser = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), serverPort);
                browser.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                sockets.add(browser);
                sockets.add(server);
                int opened = generation.get();
                daemon("faulty-link-up", () -> pump(browser, server, false, new UpgradeWatch(), opened))
                        .start();
                daemon("faulty-link-down", () -> pump(server, browser, true, null, opened))
                        .start();
            } catch (IOException e) {
                // closed, or the server refused: the browser sees its connection fail
            }
        }
    }

    private void pump(Socket from, Socket to, boolean reply, UpgradeWatch watch, int opened) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                Mode now = mode;
                boolean drop = now == Mode.STALL || (reply && now == Mode.SWALLOW_REPLIES);
                if (!drop) {
                    if (!reply && startsWith(buffer, n, delayedRequest)) {
                        Thread.sleep(delayMillis);
                    }
                    if (watch != null && watch.sees(buffer, n)) {
                        webSocketUpgrades.incrementAndGet();
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                } else if (!reply && opened == generation.get()) {
                    droppedRequests.incrementAndGet();
                }
            }
        } catch (IOException e) {
            // one side closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static boolean startsWith(byte[] chunk, int n, byte[] start) {
        if (start == null || n < start.length) {
            return false;
        }
        return java.util.Arrays.equals(chunk, 0, start.length, start, 0, start.length);
    }

    private void closeQuietly(Socket s) {
        sockets.remove(s);
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    /**
     * Reads the browser's side of one connection: when it is a WebSocket to /socket.io/, it
     * unmasks the small frames that follow the HTTP request and reports engine.io's upgrade
     * packet, "5".
     */
    private static final class UpgradeWatch {
        private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        private int offset = -1;
        private boolean done;

        boolean sees(byte[] chunk, int n) {
            if (done) {
                return false;
            }
            bytes.write(chunk, 0, n);
            byte[] all = bytes.toByteArray();
            if (offset < 0) {
                String head = new String(all, java.nio.charset.StandardCharsets.ISO_8859_1);
                int end = head.indexOf("\r\n\r\n");
                if (end < 0) {
                    return false;
                }
                if (!head.startsWith("GET /socket.io/") || !head.contains("transport=websocket")) {
                    done = true;
                    return false;
                }
                offset = end + 4;
            }
            while (all.length - offset >= 6) {
                int length = all[offset + 1] & 0x7f;
                if (length >= 126 || all.length - offset < 6 + length) {
                    done = length >= 126;
                    return false;
                }
                byte[] mask = java.util.Arrays.copyOfRange(all, offset + 2, offset + 6);
                StringBuilder text = new StringBuilder();
                for (int i = 0; i < length; i++) {
                    text.append((char) (all[offset + 6 + i] ^ mask[i % 4]));
                }
                offset += 6 + length;
                if (text.toString().equals("5")) {
                    done = true;
                    return true;
                }
            }
            return false;
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // already closed
        }
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }
}
