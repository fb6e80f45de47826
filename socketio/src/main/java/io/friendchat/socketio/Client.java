package io.friendchat.socketio;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
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
    private final Map<String, Socket> sockets = new ConcurrentHashMap<>();
    private final ScheduledFuture<?> connectTimer;
    private volatile boolean closed;

    Client(SocketIoServer server, EngineSession conn) {
        this.server = server;
        this.conn = conn;
        this.decoder = new PacketDecoder(server.json());
        this.connectTimer = server.engine()
                .schedule(
                        () -> {
                            if (sockets.isEmpty()) {
                                conn.close("connect timeout");
                            }
                        },
                        server.options().connectTimeout().toMillis());
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
        sockets.put(socket.namespace().name(), socket);
        return true;
    }

    void remove(Socket socket) {
        sockets.remove(socket.namespace().name(), socket);
    }

    /** Disconnects every namespace, then closes the connection. */
    void disconnectAll() {
        for (Socket socket : List.copyOf(sockets.values())) {
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
            connectTimer.cancel(false);
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
                sockets.remove(packet.nsp(), socket);
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
        connectTimer.cancel(false);
        for (Socket socket : List.copyOf(sockets.values())) {
            socket.onClose(reason);
        }
        sockets.clear();
    }
}
