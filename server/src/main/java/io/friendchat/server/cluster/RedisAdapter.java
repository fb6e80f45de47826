package io.friendchat.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.friendchat.socketio.BroadcastOptions;
import io.friendchat.socketio.EncodedPacket;
import io.friendchat.socketio.InMemoryAdapter;
import io.friendchat.socketio.Namespace;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The Socket.IO adapter of a cluster: rooms are kept per node in memory (inherited), and what
 * reaches sockets on other nodes (broadcasts, making sockets join or leave rooms, disconnecting
 * them) is done here and published on the {@link RedisBus} (one envelope type per namespace),
 * where each other node does the same to its own sockets. A packet crosses as its encoded text and attachments, so it is encoded once.
 *
 * <p>Broadcasts are best effort, like the bus. Chat messages do not rely on them: they cross
 * nodes through {@link ClusterMessages}, which fills any gap from the store.
 */
public final class RedisAdapter extends InMemoryAdapter {
    static final String BROADCAST = "adapter:broadcast";
    static final String JOIN = "adapter:join";
    static final String LEAVE = "adapter:leave";
    static final String DISCONNECT = "adapter:disconnect";

    private final RedisBus bus;
    private volatile Consumer<String> onJoin = room -> {};

    public RedisAdapter(Namespace namespace, RedisBus bus) {
        super(namespace);
        this.bus = bus;
        bus.on(BROADCAST + namespace.name(), (node, body) -> {
            {
                List<byte[]> attachments = new ArrayList<>();
                for (JsonNode a : body.path("attachments")) {
                    attachments.add(Base64.getDecoder().decode(a.asText()));
                }
                super.broadcast(EncodedPacket.of(body.path("packet").asText(), attachments), options(body));
            }
        });
        bus.on(JOIN + namespace.name(), (node, body) -> {
            {
                super.addSockets(options(body), strings(body.path("target")));
            }
        });
        bus.on(LEAVE + namespace.name(), (node, body) -> {
            {
                super.delSockets(options(body), strings(body.path("target")));
            }
        });
        bus.on(DISCONNECT + namespace.name(), (node, body) -> {
            {
                super.disconnectSockets(options(body), body.path("close").asBoolean());
            }
        });
    }

    /**
     * Set once at wiring time: told synchronously of every room a local socket joins, once it is
     * in and before the join returns, so that a feature can start following the room before the
     * client reads it.
     */
    public void onJoin(Consumer<String> listener) {
        this.onJoin = listener;
    }

    @Override
    public void addAll(String socketId, Set<String> rooms) {
        super.addAll(socketId, rooms);
        for (String room : rooms) {
            onJoin.accept(room);
        }
    }

    @Override
    public void broadcast(EncodedPacket packet, BroadcastOptions options) {
        super.broadcast(packet, options);
        if (!options.local()) {
            ObjectNode body = envelope(options);
            body.put("packet", packet.text());
            ArrayNode attachments = body.putArray("attachments");
            for (byte[] attachment : packet.attachments()) {
                attachments.add(Base64.getEncoder().encodeToString(attachment));
            }
            bus.publish(BROADCAST + namespace().name(), body);
        }
    }

    @Override
    public void addSockets(BroadcastOptions options, Set<String> rooms) {
        super.addSockets(options, rooms);
        if (!options.local()) {
            ObjectNode body = envelope(options);
            body.set("target", array(body, rooms));
            bus.publishAndWait(JOIN + namespace().name(), body);
        }
    }

    @Override
    public void delSockets(BroadcastOptions options, Set<String> rooms) {
        super.delSockets(options, rooms);
        if (!options.local()) {
            ObjectNode body = envelope(options);
            body.set("target", array(body, rooms));
            bus.publishAndWait(LEAVE + namespace().name(), body);
        }
    }

    @Override
    public void disconnectSockets(BroadcastOptions options, boolean closeConnection) {
        super.disconnectSockets(options, closeConnection);
        if (!options.local()) {
            ObjectNode body = envelope(options);
            body.put("close", closeConnection);
            bus.publishAndWait(DISCONNECT + namespace().name(), body);
        }
    }

    private ObjectNode envelope(BroadcastOptions options) {
        ObjectNode body = bus.body();
        body.set("rooms", array(body, options.rooms()));
        body.set("except", array(body, options.except()));
        return body;
    }

    private static ArrayNode array(ObjectNode factory, Set<String> values) {
        ArrayNode out = factory.arrayNode();
        values.forEach(out::add);
        return out;
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> out = new HashSet<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** What a remote node asked for, applied to this node's sockets only. */
    private static BroadcastOptions options(JsonNode body) {
        return new BroadcastOptions(strings(body.path("rooms")), strings(body.path("except")), true);
    }
}
