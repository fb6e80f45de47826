package io.friendchat.socketio;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Socket.IO side of one Engine.IO session: decodes its packets, and holds its sockets, one
 * per connected namespace. A malformed packet or one out of order closes the whole connection.
 */
final class Client implements EngineSession.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(Client.class);

    private final SocketIoServer server;
    private final EngineSession conn;
    private final PacketDecoder decoder;
    private static final AtomicReferenceFieldUpdater<Client, Map> SOCKETS =
            AtomicReferenceFieldUpdater.newUpdater(Client.class, Map.class, "sockets");

    /**
     * The socket of each connected namespace, replaced whole on every change: nearly every client
     * has one or two, which an immutable map holds in a few words where a concurrent map would
     * take a table and nodes.
     */
    private volatile Map<String, Socket> sockets = Map.of();
    /** When the connection is closed unless it joined a namespace by then; 0 once it did. */
    private volatile long connectDeadline;

    private volatile boolean closed;

    Client(SocketIoServer server, EngineSession conn) {
        this.server = server;
        this.conn = conn;
        this.decoder = new PacketDecoder(server.json());
        this.connectDeadline =
                EngineServer.now() + server.options().connectTimeout().toMillis();
    }

    @Override
    public void onSweep(long nowMillis) {
        long deadline = connectDeadline;
        if (deadline != 0 && nowMillis >= deadline) {
            connectDeadline = 0;
            if (sockets.isEmpty()) {
                conn.close("connect timeout");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void updateSockets(UnaryOperator<Map<String, Socket>> change) {
        while (true) {
            Map<String, Socket> before = sockets;
            if (SOCKETS.compareAndSet(this, before, change.apply(before))) {
                return;
            }
        }
    }

    private static Map<String, Socket> with(Map<String, Socket> map, String key, Socket socket) {
        Map<String, Socket> copy = new HashMap<>(map);
        copy.put(key, socket);
        return Map.copyOf(copy);
    }

    private static Map<String, Socket> without(Map<String, Socket> map, String key, Socket socket) {
        if (map.get(key) != socket) {
            return map;
        }
        Map<String, Socket> copy = new HashMap<>(map);
        copy.remove(key);
        return Map.copyOf(copy);
    }

    Handshake handshake() {
        return conn.handshake();
    }

    EngineServer engine() {
        return server.engine();
    }

    boolean send(EncodedPacket packet) {
        return conn.send(packet.frames());
    }

    boolean add(Socket socket) {
        if (closed) {
            return false;
        }
        updateSockets(map -> with(map, socket.namespace().name(), socket));
        return true;
    }

    void remove(Socket socket) {
        updateSockets(map -> without(map, socket.namespace().name(), socket));
    }

    /** Disconnects every namespace, then closes the connection. */
    void disconnectAll() {
        for (Socket socket : sockets.values()) {
            socket.disconnect();
        }
        conn.close("forced server close");
    }

    void drop() {
        conn.abort();
    }

    @Override
    public synchronized void onMessage(String data) {
        try {
            SioPacket packet = decoder.decode(data);
            if (packet != null) {
                dispatch(packet);
            }
        } catch (ProtocolException e) {
            protocolError(e);
        }
    }

    @Override
    public synchronized void onBinary(byte[] data) {
        try {
            SioPacket packet = decoder.addBinary(data);
            if (packet != null) {
                dispatch(packet);
            }
        } catch (ProtocolException e) {
            protocolError(e);
        }
    }

    private void protocolError(ProtocolException e) {
        LOG.debug("closing Engine.IO session {}: {}", conn.id(), e.getMessage());
        conn.terminate("parse error", Frame.CLOSE);
    }

    private void dispatch(SioPacket packet) throws ProtocolException {
        Socket socket = sockets.get(packet.nsp());
        int type = packet.type();
        if (socket == null && type == SioPacket.CONNECT) {
            connectDeadline = 0;
            Namespace namespace = server.existingNamespace(packet.nsp());
            if (namespace == null) {
                send(server.encoder().connectError(packet.nsp(), "Invalid namespace", null));
            } else {
                namespace.connect(this, packet.data() != null ? packet.data() : JsonNodeFactory.instance.objectNode());
            }
            return;
        }
        if (socket == null || type == SioPacket.CONNECT || type == SioPacket.CONNECT_ERROR) {
            throw new ProtocolException("packet type " + type + " unexpected for namespace " + packet.nsp());
        }
        switch (type) {
            case SioPacket.DISCONNECT:
                remove(socket);
                socket.onClose("client namespace disconnect");
                break;
            case SioPacket.EVENT:
            case SioPacket.BINARY_EVENT:
                socket.onEvent(packet);
                break;
            default:
                socket.onAck(packet);
                break;
        }
    }

    @Override
    public synchronized void onClose(String reason) {
        closed = true;
        connectDeadline = 0;
        for (Socket socket : sockets.values()) {
            socket.onClose(reason);
        }
        sockets = Map.of();
    }
}
