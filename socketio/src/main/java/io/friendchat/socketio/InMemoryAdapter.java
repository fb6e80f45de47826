package io.friendchat.socketio;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The single-node {@link Adapter}: rooms kept in memory, broadcasts written to local sockets.
 *
 * <p>Most rooms have one member (every socket is in the room named by its id) and most sockets
 * are in a few rooms, so both are kept as immutable sets, replaced whole under the map's per-key
 * lock; a room becomes a concurrent set only when a second member joins it. A concurrent set
 * costs a map, a table and a node per member, which for the own-id rooms alone was two maps per
 * idle socket.
 */
public class InMemoryAdapter implements Adapter {
    private final Namespace namespace;
    private final ConcurrentHashMap<String, Set<String>> rooms = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<String>> socketRooms = new ConcurrentHashMap<>();

    public InMemoryAdapter(Namespace namespace) {
        this.namespace = namespace;
    }

    protected Namespace namespace() {
        return namespace;
    }

    @Override
    public void addAll(String socketId, Set<String> newRooms) {
        socketRooms.compute(socketId, (k, mine) -> {
            if (mine == null) {
                return Set.copyOf(newRooms);
            }
            if (mine.containsAll(newRooms)) {
                return mine;
            }
            Set<String> union = new HashSet<>(mine);
            union.addAll(newRooms);
            return Set.copyOf(union);
        });
        for (String room : newRooms) {
            rooms.compute(room, (k, members) -> {
                if (members == null) {
                    return Set.of(socketId);
                }
                if (members.contains(socketId)) {
                    return members;
                }
                Set<String> set = members;
                if (!(members instanceof ConcurrentHashMap.KeySetView)) {
                    set = ConcurrentHashMap.newKeySet();
                    set.addAll(members);
                }
                set.add(socketId);
                return set;
            });
        }
    }

    @Override
    public void del(String socketId, String room) {
        socketRooms.computeIfPresent(socketId, (k, mine) -> {
            if (!mine.contains(room)) {
                return mine;
            }
            Set<String> rest = new HashSet<>(mine);
            rest.remove(room);
            return Set.copyOf(rest);
        });
        removeFromRoom(socketId, room);
    }

    @Override
    public void delAll(String socketId) {
        Set<String> mine = socketRooms.remove(socketId);
        if (mine != null) {
            for (String room : mine) {
                removeFromRoom(socketId, room);
            }
        }
    }

    private void removeFromRoom(String socketId, String room) {
        rooms.computeIfPresent(room, (k, members) -> {
            if (!members.contains(socketId)) {
                return members;
            }
            if (!(members instanceof ConcurrentHashMap.KeySetView)) {
                return null; // an immutable set holds one member
            }
            members.remove(socketId);
            return members.isEmpty() ? null : members;
        });
    }

    @Override
    public Set<String> rooms(String socketId) {
        Set<String> mine = socketRooms.get(socketId);
        return mine == null ? Set.of() : Set.copyOf(mine);
    }

    @Override
    public Set<String> sockets(Set<String> selected) {
        if (selected.isEmpty()) {
            return Set.copyOf(socketRooms.keySet());
        }
        Set<String> out = new HashSet<>();
        for (String room : selected) {
            Set<String> members = rooms.get(room);
            if (members != null) {
                out.addAll(members);
            }
        }
        return out;
    }

    @Override
    public void addSockets(BroadcastOptions options, Set<String> newRooms) {
        for (Socket socket : selected(options)) {
            socket.join(newRooms.toArray(String[]::new));
        }
    }

    @Override
    public void delSockets(BroadcastOptions options, Set<String> oldRooms) {
        for (Socket socket : selected(options)) {
            for (String room : oldRooms) {
                socket.leave(room);
            }
        }
    }

    @Override
    public void disconnectSockets(BroadcastOptions options, boolean closeConnection) {
        for (Socket socket : selected(options)) {
            socket.disconnect(closeConnection);
        }
    }

    /** The local sockets the options select. */
    private List<Socket> selected(BroadcastOptions options) {
        Set<String> ids = sockets(options.rooms());
        if (!options.except().isEmpty()) {
            ids = new HashSet<>(ids);
            ids.removeAll(sockets(options.except()));
        }
        List<Socket> out = new ArrayList<>(ids.size());
        for (String id : ids) {
            Socket socket = namespace.localSocket(id);
            if (socket != null) {
                out.add(socket);
            }
        }
        return out;
    }

    @Override
    public void broadcast(EncodedPacket packet, BroadcastOptions options) {
        Set<String> excluded = options.except().isEmpty() ? Set.of() : sockets(options.except());
        if (options.rooms().isEmpty()) {
            for (Socket socket : namespace.sockets()) {
                if (!excluded.contains(socket.id())) {
                    socket.deliver(packet);
                }
            }
            return;
        }
        Set<String> seen = options.rooms().size() > 1 ? new HashSet<>() : null;
        for (String room : options.rooms()) {
            Set<String> members = rooms.get(room);
            if (members == null) {
                continue;
            }
            for (String id : members) {
                if (excluded.contains(id) || (seen != null && !seen.add(id))) {
                    continue;
                }
                Socket socket = namespace.localSocket(id);
                if (socket != null) {
                    socket.deliver(packet);
                }
            }
        }
    }
}
