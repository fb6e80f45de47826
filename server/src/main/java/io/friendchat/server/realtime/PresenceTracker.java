package io.friendchat.server.realtime;

import io.friendchat.server.account.User;
import io.friendchat.server.room.Memberships;
import io.friendchat.server.room.Presence;
import io.friendchat.socketio.Namespace;
import io.friendchat.socketio.Socket;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Who is online and who is viewing which room, from the sockets of this server.
 *
 * <ul>
 *   <li>A user is online while any of their sockets is connected. Going offline waits a short
 *       grace period, so a reload or a reconnect does not flicker offline and back.
 *   <li>A user views a room while any of their sockets has joined it; the first such socket
 *       announces {@code member:joined} and the last one to leave {@code member:left}. Each
 *       socket's viewed rooms live in its {@link SocketSession}, so a disconnect touches only
 *       those rooms.
 *   <li>In a cluster, {@link PeerPresence} says who is online on the other nodes: a user is online
 *       while they have a socket on any node. Each node announces changes to its own sockets
 *       only, so every change is announced once to each socket.
 * </ul>
 */
public final class PresenceTracker implements Presence, SocketFeature {
    private static final Duration OFFLINE_GRACE = Duration.ofSeconds(3);

    private final Namespace chat;
    private final Memberships memberships;
    private final ScheduledExecutorService timers;
    /** userId -> ids of that user's connected sockets. */
    private final Map<String, Set<String>> socketsByUser = new ConcurrentHashMap<>();
    /** roomId + "/" + userId -> ids of that user's sockets viewing the room. */
    private final Map<String, Set<String>> viewers = new ConcurrentHashMap<>();

    private final Map<String, ScheduledFuture<?>> offlineTimers = new ConcurrentHashMap<>();
    private volatile PeerPresence peers = PeerPresence.NONE;

    public PresenceTracker(Namespace chat, Memberships memberships, ScheduledExecutorService timers) {
        this.chat = chat;
        this.memberships = memberships;
        this.timers = timers;
    }

    /** Set once at wiring time in cluster mode. */
    public void peers(PeerPresence peers) {
        this.peers = peers;
    }

    @Override
    public void attach(Socket socket, SocketSession session) {
        String userId = session.user().id();
        boolean first;
        Set<String> mine = socketsByUser.computeIfAbsent(userId, k -> ConcurrentHashMap.newKeySet());
        synchronized (mine) {
            first = mine.isEmpty();
            mine.add(socket.id());
        }
        ScheduledFuture<?> pendingOffline = offlineTimers.remove(userId);
        if (pendingOffline != null) {
            pendingOffline.cancel(false);
        } else if (first) {
            peers.cameOnline(userId);
            if (!peers.isOnline(userId)) {
                announce(userId, true);
            }
        }
    }

    @Override
    public void detach(Socket socket, SocketSession session) {
        for (String roomId : List.copyOf(session.viewing())) {
            stopViewing(socket, session, roomId);
        }
        String userId = session.user().id();
        Set<String> mine = socketsByUser.get(userId);
        if (mine == null) {
            return;
        }
        boolean last;
        synchronized (mine) {
            mine.remove(socket.id());
            last = mine.isEmpty();
        }
        if (last) {
            offlineTimers.put(
                    userId,
                    timers.schedule(() -> goneOffline(userId), OFFLINE_GRACE.toMillis(), TimeUnit.MILLISECONDS));
        }
    }

    private void goneOffline(String userId) {
        offlineTimers.remove(userId);
        Set<String> mine = socketsByUser.get(userId);
        if (mine != null) {
            synchronized (mine) {
                if (!mine.isEmpty()) {
                    return;
                }
                socketsByUser.remove(userId, mine);
            }
        }
        peers.wentOffline(userId);
        if (!peers.isOnline(userId)) {
            announce(userId, false);
        }
    }

    /** Another node says the user, online on no node before, came online there. */
    public void peerCameOnline(String userId) {
        if (!isOnlineHere(userId)) {
            announce(userId, true);
        }
    }

    /** Another node says the user went offline there (or that node died). */
    public void peerWentOffline(String userId) {
        if (!isOnlineHere(userId) && !peers.isOnline(userId)) {
            announce(userId, false);
        }
    }

    /** The users with a socket on this node (or in their grace period after the last one went). */
    public Set<String> usersHere() {
        Set<String> users = new HashSet<>(offlineTimers.keySet());
        socketsByUser.forEach((userId, sockets) -> {
            if (!sockets.isEmpty()) {
                users.add(userId);
            }
        });
        return users;
    }

    private boolean isOnlineHere(String userId) {
        Set<String> mine = socketsByUser.get(userId);
        return (mine != null && !mine.isEmpty()) || offlineTimers.containsKey(userId);
    }

    private void announce(String userId, boolean online) {
        Set<String> roomIds = memberships.roomIdsOf(userId);
        if (roomIds.isEmpty()) {
            return;
        }
        chat.to(roomIds.stream().map(Channels::room).toArray(String[]::new))
                .local()
                .emit(Events.PRESENCE, Map.of("userId", userId, "online", online));
    }

    @Override
    public boolean isOnline(String userId) {
        Set<String> mine = socketsByUser.get(userId);
        return (mine != null && !mine.isEmpty()) || peers.isOnline(userId);
    }

    /** The user's connected sockets on this server. */
    public List<Socket> socketsOf(String userId) {
        Set<String> ids = socketsByUser.get(userId);
        if (ids == null) {
            return List.of();
        }
        return ids.stream().map(chat::localSocket).filter(Objects::nonNull).toList();
    }

    /** The socket now views the room; the user's first such socket announces it. */
    public void startViewing(Socket socket, SocketSession session, String roomId) {
        User user = session.user();
        if (!session.startViewing(roomId)) {
            return;
        }
        Set<String> ids = viewers.computeIfAbsent(key(roomId, user.id()), k -> ConcurrentHashMap.newKeySet());
        boolean first;
        synchronized (ids) {
            first = ids.isEmpty();
            ids.add(socket.id());
        }
        if (first) {
            socket.to(Channels.room(roomId)).emit(Events.MEMBER_JOINED, Map.of("roomId", roomId, "user", ref(user)));
        }
    }

    /** The socket no longer views the room; the user's last such socket announces it. */
    public void stopViewing(Socket socket, SocketSession session, String roomId) {
        if (!session.stopViewing(roomId)) {
            return;
        }
        User user = session.user();
        String key = key(roomId, user.id());
        Set<String> ids = viewers.get(key);
        if (ids == null) {
            return;
        }
        boolean last;
        synchronized (ids) {
            if (!ids.remove(socket.id())) {
                return;
            }
            last = ids.isEmpty();
            if (last) {
                viewers.remove(key, ids);
            }
        }
        if (last) {
            chat.to(Channels.room(roomId))
                    .except(socket.id())
                    .emit(Events.MEMBER_LEFT, Map.of("roomId", roomId, "user", ref(user)));
        }
    }

    /** The user left the room (or it was deleted): their sockets stop viewing it, silently. */
    public void forgetRoom(String userId, String roomId) {
        for (Socket socket : socketsOf(userId)) {
            SocketSession session = SocketSession.of(socket);
            if (session != null) {
                session.stopViewing(roomId);
            }
        }
        viewers.remove(key(roomId, userId));
    }

    private static String key(String roomId, String userId) {
        return roomId + "/" + userId;
    }

    static Map<String, Object> ref(User user) {
        return Map.of("id", user.id(), "username", user.username(), "displayName", user.displayName());
    }
}
