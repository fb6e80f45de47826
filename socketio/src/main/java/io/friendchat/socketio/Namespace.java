package io.friendchat.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Socket.IO namespace ({@code "/"} is the main one). Clients connect to it through its {@link
 * ConnectMiddleware}s; its {@link Adapter} keeps its rooms and does its broadcasts.
 */
public final class Namespace {
    private static final Logger LOG = LoggerFactory.getLogger(Namespace.class);

    private final SocketIoServer server;
    private final String name;
    private final Adapter adapter;
    private final List<ConnectMiddleware> middlewares = new CopyOnWriteArrayList<>();
    private final List<Consumer<Socket>> connectionHandlers = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<String, Socket> sockets = new ConcurrentHashMap<>();

    Namespace(SocketIoServer server, String name) {
        this.server = server;
        this.name = name;
        this.adapter = server.options().adapterFactory().apply(this);
    }

    public String name() {
        return name;
    }

    public Adapter adapter() {
        return adapter;
    }

    /** Adds a middleware that runs for every CONNECT, in the order added. */
    public Namespace use(ConnectMiddleware middleware) {
        middlewares.add(middleware);
        return this;
    }

    /** Runs for every socket that connected (after the middlewares accepted it). */
    public Namespace onConnection(Consumer<Socket> handler) {
        connectionHandlers.add(handler);
        return this;
    }

    /** A broadcast to the sockets in these rooms. */
    public BroadcastOperator to(String... rooms) {
        return new BroadcastOperator(this, Set.of(rooms), Set.of(), false);
    }

    /** A broadcast to every socket except those in these rooms (or with these ids). */
    public BroadcastOperator except(String... rooms) {
        return new BroadcastOperator(this, Set.of(), Set.of(rooms), false);
    }

    /** The sockets in these rooms, to make them join or leave rooms or to disconnect them. */
    public BroadcastOperator in(String... rooms) {
        return to(rooms);
    }

    /** Sends an event to every socket of this namespace. */
    public void emit(String event, Object... args) {
        new BroadcastOperator(this, Set.of(), Set.of(), false).emit(event, args);
    }

    /** The sockets connected to this namespace on this node. */
    public Collection<Socket> sockets() {
        return Collections.unmodifiableCollection(sockets.values());
    }

    /** A socket of this namespace on this node, or null. */
    public Socket localSocket(String id) {
        return sockets.get(id);
    }

    SocketIoServer server() {
        return server;
    }

    void connect(Client client, JsonNode auth) {
        Socket socket = new Socket(this, client, client.handshake().withAuth(auth));
        for (ConnectMiddleware middleware : middlewares) {
            try {
                middleware.onConnect(socket);
            } catch (ConnectRejectedException e) {
                client.send(server.encoder().connectError(name, e.getMessage(), e.data()));
                return;
            } catch (RuntimeException e) {
                LOG.error("namespace {}: connect middleware failed", name, e);
                client.send(server.encoder().connectError(name, "Internal server error", null));
                return;
            }
        }
        if (!client.add(socket)) {
            adapter.delAll(socket.id()); // rooms a middleware joined
            return;
        }
        sockets.put(socket.id(), socket);
        adapter.addAll(socket.id(), Set.of(socket.id()));
        client.send(server.encoder().connect(name, socket.id()));
        for (Consumer<Socket> handler : connectionHandlers) {
            try {
                handler.accept(socket);
            } catch (RuntimeException e) {
                LOG.error("namespace {}: connection handler failed for socket {}", name, socket.id(), e);
            }
        }
    }

    void remove(Socket socket) {
        sockets.remove(socket.id(), socket);
        adapter.delAll(socket.id());
    }
}
