package io.friendchat.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A minimal WebSocket client (RFC 6455, text frames, no extensions) on one NIO selector thread.
 *
 * <p>Why not Jetty's or the JDK's client: the generator runs on one core and must receive
 * hundreds of thousands of frames a second from hundreds of sockets. Both general clients hand
 * each readable socket to a pool thread, which on one core costs a context switch per socket
 * per broadcast (about 50 µs of generator CPU per delivery, measured), so the generator, not the
 * server, set the limit. Here the selector thread reads, parses and dispatches inline.
 *
 * <p>The upgrade is done blocking on the caller's thread; the socket is then handed to the
 * selector. Frames from the server are expected unmasked and unfragmented (true of every server
 * benchmarked); pings are answered with pongs. Sends may come from any thread.
 */
final class WsClient implements AutoCloseable {
    /** Receives every text frame; runs on the selector thread and must not block. */
    interface Handler {
        void onText(Conn conn, ByteBuffer buf, int pos, int len);

        void onClosed(Conn conn, boolean byPeer);
    }

    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Conn> pendingRegistrations = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Conn> pendingWrites = new ConcurrentLinkedQueue<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(1 << 20);
    private volatile boolean running = true;

    WsClient() throws IOException {
        selector = Selector.open();
        thread = new Thread(this::loop, "ws-selector");
        thread.setDaemon(true);
        thread.start();
    }

    /** Connects and upgrades (blocking), then hands the socket to the selector thread. */
    Conn connect(String host, int port, String path, Handler handler) throws IOException {
        SocketChannel ch = SocketChannel.open();
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        ch.connect(new InetSocketAddress(host, port));
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        String request = "GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                + java.util.Base64.getEncoder().encodeToString(key) + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        ByteBuffer req = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
        while (req.hasRemaining()) {
            ch.write(req);
        }
        ByteBuffer resp = ByteBuffer.allocate(8192);
        int headerEnd = -1;
        while (headerEnd < 0) {
            if (ch.read(resp) < 0 || !resp.hasRemaining()) {
                ch.close();
                throw new IOException("upgrade failed: connection closed or header too large");
            }
            headerEnd = indexOfCrlfCrlf(resp);
        }
        String head = new String(resp.array(), 0, headerEnd, StandardCharsets.US_ASCII);
        if (!head.startsWith("HTTP/1.1 101")) {
            ch.close();
            throw new IOException("upgrade refused: " + head.lines().findFirst().orElse(""));
        }
        Conn conn = new Conn(ch, handler);
        int leftover = resp.position() - (headerEnd + 4);
        if (leftover > 0) { // the server may send its first frame in the same segment
            conn.partial = new byte[leftover];
            System.arraycopy(resp.array(), headerEnd + 4, conn.partial, 0, leftover);
        }
        ch.configureBlocking(false);
        pendingRegistrations.add(conn);
        selector.wakeup();
        return conn;
    }

    private static int indexOfCrlfCrlf(ByteBuffer b) {
        byte[] a = b.array();
        for (int i = 0; i + 3 < b.position(); i++) {
            if (a[i] == '\r' && a[i + 1] == '\n' && a[i + 2] == '\r' && a[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void loop() {
        try {
            while (running) {
                selector.select();
                Conn c;
                while ((c = pendingRegistrations.poll()) != null) {
                    c.key = c.channel.register(selector, SelectionKey.OP_READ, c);
                    if (c.partial != null) {
                        read(c); // parse what arrived with the upgrade response
                    }
                }
                while ((c = pendingWrites.poll()) != null) {
                    if (c.key != null && c.key.isValid()) {
                        c.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                    }
                }
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    Conn conn = (Conn) k.attachment();
                    if (!k.isValid()) {
                        continue;
                    }
                    if (k.isWritable()) {
                        conn.flushPending();
                    }
                    if (k.isValid() && k.isReadable()) {
                        read(conn);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void read(Conn c) {
        ByteBuffer b = readBuffer;
        b.clear();
        if (c.partial != null) {
            b.put(c.partial);
            c.partial = null;
        }
        int n;
        try {
            n = c.channel.read(b);
        } catch (IOException e) {
            n = -1;
        }
        b.flip();
        parse(c, b);
        if (b.hasRemaining()) {
            c.partial = new byte[b.remaining()];
            b.get(c.partial);
        }
        if (n < 0) {
            c.closeQuietly(true);
        }
    }

    private void parse(Conn c, ByteBuffer b) {
        while (b.remaining() >= 2) {
            int start = b.position();
            int b0 = b.get(start) & 0xFF;
            int b1 = b.get(start + 1) & 0xFF;
            int header = 2;
            long len = b1 & 0x7F;
            if (len == 126) {
                if (b.remaining() < 4) {
                    return;
                }
                len = b.getShort(start + 2) & 0xFFFF;
                header = 4;
            } else if (len == 127) {
                if (b.remaining() < 10) {
                    return;
                }
                len = b.getLong(start + 2);
                header = 10;
            }
            if ((b1 & 0x80) != 0) {
                header += 4; // a masked server frame is a protocol error; skip the key and go on
            }
            if (len > b.capacity() - header) {
                c.closeQuietly(true);
                b.position(b.limit());
                return;
            }
            if (b.remaining() < header + len) {
                return;
            }
            int payload = start + header;
            int opcode = b0 & 0x0F;
            if (opcode == 0x1) {
                c.handler.onText(c, b, payload, (int) len);
            } else if (opcode == 0x9) {
                byte[] data = new byte[(int) len];
                b.get(payload, data);
                c.sendFrame(0xA, data);
            } else if (opcode == 0x8) {
                c.closeQuietly(true);
            }
            b.position(payload + (int) len);
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        selector.wakeup();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        selector.close();
    }

    /** One client socket. */
    final class Conn {
        final SocketChannel channel;
        final Handler handler;
        volatile SelectionKey key;
        byte[] partial;
        private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
        private boolean closed;

        Conn(SocketChannel channel, Handler handler) {
            this.channel = channel;
            this.handler = handler;
        }

        /** Sends one masked text frame; returns false if the socket is closed. */
        boolean sendText(byte[] utf8) {
            return sendFrame(0x1, utf8);
        }

        synchronized boolean sendFrame(int opcode, byte[] data) {
            if (closed) {
                return false;
            }
            int len = data.length;
            int header = len < 126 ? 2 : len < 65536 ? 4 : 10;
            ByteBuffer f = ByteBuffer.allocate(header + 4 + len);
            f.put((byte) (0x80 | opcode));
            if (len < 126) {
                f.put((byte) (0x80 | len));
            } else if (len < 65536) {
                f.put((byte) (0x80 | 126)).putShort((short) len);
            } else {
                f.put((byte) (0x80 | 127)).putLong(len);
            }
            int mask = ThreadLocalRandom.current().nextInt();
            f.putInt(mask);
            for (int i = 0; i < len; i++) {
                f.put((byte) (data[i] ^ (mask >>> (24 - 8 * (i & 3)))));
            }
            f.flip();
            if (pending.isEmpty()) {
                try {
                    channel.write(f);
                } catch (IOException e) {
                    closeQuietly(true);
                    return false;
                }
                if (!f.hasRemaining()) {
                    return true;
                }
            }
            pending.add(f);
            if (pending.size() == 1) {
                pendingWrites.add(this);
                selector.wakeup();
            }
            return true;
        }

        private synchronized void flushPending() {
            try {
                while (!pending.isEmpty()) {
                    ByteBuffer f = pending.peek();
                    channel.write(f);
                    if (f.hasRemaining()) {
                        return;
                    }
                    pending.poll();
                }
                key.interestOps(SelectionKey.OP_READ);
            } catch (IOException e) {
                closeQuietly(true);
            }
        }

        /** Sends a close frame and closes the socket. */
        void close() {
            sendFrame(0x8, new byte[] {0x03, (byte) 0xE8});
            closeQuietly(false);
        }

        void closeQuietly(boolean byPeer) {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            handler.onClosed(this, byPeer);
        }
    }
}
