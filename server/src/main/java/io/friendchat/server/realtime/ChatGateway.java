package io.friendchat.server.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.friendchat.server.Config;
import io.friendchat.server.account.AccountService;
import io.friendchat.server.account.ProfileListener;
import io.friendchat.server.account.SessionListener;
import io.friendchat.server.account.User;
import io.friendchat.server.common.DomainException;
import io.friendchat.server.common.InvalidException;
import io.friendchat.server.common.RateLimitedException;
import io.friendchat.server.common.TokenBucket;
import io.friendchat.server.message.MessageService;
import io.friendchat.server.message.MessageView;
import io.friendchat.server.room.MemberView;
import io.friendchat.server.room.Presence;
import io.friendchat.server.room.Room;
import io.friendchat.server.room.RoomDetail;
import io.friendchat.server.room.RoomEvents;
import io.friendchat.server.room.RoomService;
import io.friendchat.server.web.ErrorTable;
import io.friendchat.server.web.Fields;
import io.friendchat.server.web.OriginPolicy;
import io.friendchat.server.web.SessionCookie;
import io.friendchat.socketio.Ack;
import io.friendchat.socketio.ConnectRejectedException;
import io.friendchat.socketio.Namespace;
import io.friendchat.socketio.Socket;
import io.friendchat.socketio.SocketIoOptions;
import io.friendchat.socketio.SocketIoServer;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only class that knows Socket.IO. It authenticates sockets from the session, turns chat
 * events into service calls and their results into acks, and pushes what the services announce
 * (new messages, membership changes) to the sockets of the users concerned.
 *
 * <p>Socket.IO rooms used: {@code u:USERID} holds every socket of a user; {@code r:ROOMID} every
 * socket of every member of a chat room (so badges update on the dashboard too). Which sockets
 * are viewing which room is tracked here, for the joined/left notices.
 */
public final class ChatGateway implements RoomEvents, Presence, SessionListener, ProfileListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChatGateway.class);
    private static final String USER = "friendchat.user";
    private static final String TOKEN_HASH = "friendchat.tokenHash";
    private static final int JOIN_PAGE = 50;
    private static final Duration TYPING_LAPSES = Duration.ofSeconds(5);
    private static final Duration OFFLINE_GRACE = Duration.ofSeconds(3);

    private final SocketIoServer io;
    private final Namespace chat;
    private final AccountService accounts;
    private final RoomService rooms;
    private final MessageService messages;
    private final OriginPolicy origins;
    private final ScheduledExecutorService timers;
    private final TokenBucket messagesPerUser;
    private final TokenBucket eventsPerSocket;
    private final TokenBucket typingPerSocket;
    /** userId -> ids of that user's connected sockets. */
    private final Map<String, Set<String>> socketsByUser = new ConcurrentHashMap<>();
    /** roomId + "/" + userId -> ids of that user's sockets viewing the room. */
    private final Map<String, Set<String>> viewers = new ConcurrentHashMap<>();

    private final Map<String, ScheduledFuture<?>> typingTimers = new ConcurrentHashMap<>();
    private final Map<String, ScheduledFuture<?>> offlineTimers = new ConcurrentHashMap<>();

    public ChatGateway(
            AccountService accounts,
            RoomService rooms,
            MessageService messages,
            OriginPolicy origins,
            Config.Limits limits,
            Clock clock) {
        this.accounts = accounts;
        this.rooms = rooms;
        this.messages = messages;
        this.origins = origins;
        this.messagesPerUser = new TokenBucket(limits.messagesPerSecond(), limits.messageBurst(), clock);
        this.eventsPerSocket =
                new TokenBucket(limits.eventsPerSocketPerSecond(), limits.eventsPerSocketPerSecond(), clock);
        this.typingPerSocket = new TokenBucket(2, 2, clock);
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "friendchat-realtime-timers");
            t.setDaemon(true);
            return t;
        });
        this.io = new SocketIoServer(SocketIoOptions.builder().build());
        io.json().registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        this.chat = io.sockets();
        chat.use(this::authenticate);
        chat.onConnection(this::connected);
        messages.onStored(m -> chat.to(roomChannel(m.roomId())).emit(Events.MESSAGE_NEW, Map.of("message", m)));
        rooms.connect(this, this);
        accounts.onSessionsEnded(this);
        accounts.onProfileChanged(this);
    }

    /** Serves {@code /socket.io/} on the app's servlet context, behind the Origin check. */
    public void mount(ServletContextHandler context) {
        context.addFilter(
                new FilterHolder(new HandshakeOriginFilter(origins)),
                SocketIoServer.DEFAULT_PATH + "/*",
                EnumSet.of(DispatcherType.REQUEST));
        io.mount(context);
    }

    // ---- connection -------------------------------------------------------------------------

    private void authenticate(Socket socket) throws ConnectRejectedException {
        String token = socket.handshake().cookie(SessionCookie.NAME);
        JsonNode auth = socket.handshake().auth();
        if (auth != null && auth.path("token").isTextual()) {
            token = auth.path("token").textValue();
        }
        Optional<AccountService.Authenticated> who;
        try {
            who = accounts.authenticate(token);
        } catch (RuntimeException e) {
            log.error("authenticating socket {} failed", socket.id(), e);
            throw new ConnectRejectedException("unavailable");
        }
        if (who.isEmpty()) {
            throw new ConnectRejectedException("unauthorized");
        }
        socket.data().put(USER, who.get().user());
        socket.data().put(TOKEN_HASH, who.get().session().tokenHash());
    }

    private void connected(Socket socket) {
        User user = user(socket);
        socket.join(userChannel(user.id()));
        for (String roomId : rooms.roomIdsOf(user.id())) {
            socket.join(roomChannel(roomId));
        }
        boolean first;
        Set<String> mine = socketsByUser.computeIfAbsent(user.id(), k -> ConcurrentHashMap.newKeySet());
        synchronized (mine) {
            first = mine.isEmpty();
            mine.add(socket.id());
        }
        ScheduledFuture<?> pendingOffline = offlineTimers.remove(user.id());
        if (pendingOffline != null) {
            pendingOffline.cancel(false);
        } else if (first) {
            announcePresence(user.id(), true);
        }
        on(socket, Events.ROOM_JOIN, this::joinRoom);
        on(socket, Events.ROOM_LEAVE, this::leaveRoom);
        on(socket, Events.MESSAGE_SEND, this::send);
        on(socket, Events.MESSAGE_HISTORY, this::history);
        on(socket, Events.TYPING_START, (s, p) -> typing(s, p, true));
        on(socket, Events.TYPING_STOP, (s, p) -> typing(s, p, false));
        on(socket, Events.ROOM_READ, this::read);
        socket.onDisconnect(reason -> disconnected(socket, user(socket)));
    }

    private void disconnected(Socket socket, User user) {
        eventsPerSocket.forget(socket.id());
        typingPerSocket.forget(socket.id());
        viewers.forEach((key, ids) -> {
            if (ids.contains(socket.id())) {
                stopViewing(socket, key.substring(0, key.indexOf('/')), user);
            }
        });
        Set<String> mine = socketsByUser.get(user.id());
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
                    user.id(),
                    timers.schedule(() -> goneOffline(user.id()), OFFLINE_GRACE.toMillis(), TimeUnit.MILLISECONDS));
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
        announcePresence(userId, false);
    }

    private void announcePresence(String userId, boolean online) {
        List<String> roomIds = rooms.roomIdsOf(userId);
        if (roomIds.isEmpty()) {
            return;
        }
        chat.to(roomIds.stream().map(ChatGateway::roomChannel).toArray(String[]::new))
                .emit(Events.PRESENCE, Map.of("userId", userId, "online", online));
    }

    @Override
    public boolean isOnline(String userId) {
        Set<String> mine = socketsByUser.get(userId);
        return mine != null && !mine.isEmpty();
    }

    // ---- events -------------------------------------------------------------------------------

    @FunctionalInterface
    private interface Handler {
        Object handle(Socket socket, ObjectNode payload);
    }

    /** Wraps a handler: rate limit, payload shape, and every failure as an ack error. */
    private void on(Socket socket, String event, Handler handler) {
        socket.on(event, (args, ack) -> {
            try {
                Optional<Duration> limited = eventsPerSocket.take(socket.id());
                if (limited.isPresent()) {
                    throw new RateLimitedException("Too many events; slow down.", limited.get());
                }
                JsonNode payload = args.isEmpty() ? null : args.get(0);
                if (!(payload instanceof ObjectNode object)) {
                    throw new InvalidException("invalid_type", "The payload must be an object.");
                }
                reply(ack, handler.handle(socket, object));
            } catch (DomainException e) {
                reply(ack, Map.of("error", ErrorTable.body(e)));
            } catch (RuntimeException e) {
                log.error("socket {}: event '{}' failed", socket.id(), event, e);
                reply(ack, Map.of("error", Map.of("code", "internal", "message", "Something went wrong on our side.")));
            }
        });
    }

    private static void reply(Ack ack, Object result) {
        if (ack.requested()) {
            ack.send(result);
        }
    }

    private Object joinRoom(Socket socket, ObjectNode p) {
        User user = user(socket);
        String roomId = Fields.requiredString(p, "roomId");
        RoomDetail room = rooms.view(user.id(), roomId);
        JsonNode since = p.get("sinceSeq");
        List<MessageView> page;
        boolean hasMore;
        if (since == null || since.isNull()) {
            page = messages.before(roomId, Long.MAX_VALUE, JOIN_PAGE);
            hasMore = !page.isEmpty() && page.get(0).seq() > 1;
        } else {
            long after = wholeNumber(since, "sinceSeq");
            page = messages.after(roomId, after, MessageService.MAX_CATCH_UP_PAGE);
            hasMore = !page.isEmpty() && page.get(page.size() - 1).seq() < room.lastSeq();
        }
        socket.join(roomChannel(roomId));
        startViewing(socket, roomId, user);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("room", room);
        result.put("messages", page);
        result.put("hasMore", hasMore);
        return result;
    }

    private Object leaveRoom(Socket socket, ObjectNode p) {
        User user = user(socket);
        String roomId = Fields.requiredString(p, "roomId");
        rooms.requireMember(roomId, user.id());
        stopViewing(socket, roomId, user);
        return Map.of();
    }

    private Object send(Socket socket, ObjectNode p) {
        User user = user(socket);
        String roomId = Fields.requiredString(p, "roomId");
        String clientId = Fields.requiredString(p, "clientId");
        String text = Fields.requiredString(p, "text");
        rooms.requireMember(roomId, user.id());
        Optional<Duration> limited = messagesPerUser.take(user.id());
        if (limited.isPresent()) {
            throw new RateLimitedException("You are sending messages too fast.", limited.get());
        }
        MessageService.Sent sent = messages.send(user, roomId, clientId, text);
        return Map.of("message", sent.message());
    }

    private Object history(Socket socket, ObjectNode p) {
        User user = user(socket);
        String roomId = Fields.requiredString(p, "roomId");
        rooms.requireMember(roomId, user.id());
        JsonNode after = p.get("afterSeq");
        if (after != null && !after.isNull()) {
            int limit = limit(p, MessageService.MAX_CATCH_UP_PAGE);
            List<MessageView> page = messages.after(roomId, wholeNumber(after, "afterSeq"), limit);
            return Map.of("messages", page, "hasMore", page.size() == limit);
        }
        JsonNode before = p.get("beforeSeq");
        long beforeSeq = before == null || before.isNull() ? Long.MAX_VALUE : wholeNumber(before, "beforeSeq");
        List<MessageView> page = messages.before(roomId, beforeSeq, limit(p, MessageService.MAX_PAGE));
        return Map.of(
                "messages", page, "hasMore", !page.isEmpty() && page.get(0).seq() > 1);
    }

    private Object typing(Socket socket, ObjectNode p, boolean typing) {
        User user = user(socket);
        String roomId = Fields.requiredString(p, "roomId");
        rooms.requireMember(roomId, user.id());
        String key = roomId + "/" + user.id();
        ScheduledFuture<?> previous;
        if (typing) {
            Optional<Duration> limited = typingPerSocket.take(socket.id());
            if (limited.isPresent()) {
                throw new RateLimitedException("Typing notices are limited to 2 a second.", limited.get());
            }
            previous = typingTimers.put(
                    key,
                    timers.schedule(
                            () -> {
                                typingTimers.remove(key);
                                emitTyping(null, roomId, user.id(), false);
                            },
                            TYPING_LAPSES.toMillis(),
                            TimeUnit.MILLISECONDS));
        } else {
            previous = typingTimers.remove(key);
        }
        if (previous != null) {
            previous.cancel(false);
        }
        if (typing || previous != null) {
            emitTyping(socket, roomId, user.id(), typing);
        }
        return Map.of();
    }

    private void emitTyping(Socket from, String roomId, String userId, boolean typing) {
        Map<String, Object> payload = Map.of("roomId", roomId, "userId", userId, "typing", typing);
        if (from == null) {
            chat.to(roomChannel(roomId)).emit(Events.TYPING, payload);
        } else {
            from.to(roomChannel(roomId)).emit(Events.TYPING, payload);
        }
    }

    private Object read(Socket socket, ObjectNode p) {
        User user = user(socket);
        String roomId = Fields.requiredString(p, "roomId");
        long seq = wholeNumber(p.get("seq"), "seq");
        long lastRead = rooms.markRead(user.id(), roomId, seq);
        socket.to(userChannel(user.id())).emit(Events.ROOM_READ, Map.of("roomId", roomId, "lastReadSeq", lastRead));
        return Map.of("lastReadSeq", lastRead);
    }

    // ---- viewing presence ---------------------------------------------------------------------

    private void startViewing(Socket socket, String roomId, User user) {
        Set<String> ids = viewers.computeIfAbsent(roomId + "/" + user.id(), k -> ConcurrentHashMap.newKeySet());
        boolean first;
        synchronized (ids) {
            first = ids.isEmpty();
            ids.add(socket.id());
        }
        if (first) {
            socket.to(roomChannel(roomId)).emit(Events.MEMBER_JOINED, Map.of("roomId", roomId, "user", ref(user)));
        }
    }

    private void stopViewing(Socket socket, String roomId, User user) {
        String key = roomId + "/" + user.id();
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
            chat.to(roomChannel(roomId))
                    .except(socket.id())
                    .emit(Events.MEMBER_LEFT, Map.of("roomId", roomId, "user", ref(user)));
        }
    }

    // ---- what the services announce ---------------------------------------------------------

    @Override
    public void roomCreated(Room room, List<String> memberIds) {
        for (String userId : memberIds) {
            subscribe(userId, room.id());
            rooms.summary(room.id(), userId)
                    .ifPresent(
                            summary -> chat.to(userChannel(userId)).emit(Events.ROOM_ADDED, Map.of("room", summary)));
        }
    }

    @Override
    public void membersAdded(Room room, List<MemberView> added) {
        for (MemberView member : added) {
            subscribe(member.id(), room.id());
            rooms.summary(room.id(), member.id())
                    .ifPresent(summary ->
                            chat.to(userChannel(member.id())).emit(Events.ROOM_ADDED, Map.of("room", summary)));
        }
        chat.to(roomChannel(room.id())).emit(Events.MEMBER_ADDED, Map.of("roomId", room.id(), "members", added));
    }

    @Override
    public void memberRemoved(Room room, String userId) {
        unsubscribe(userId, room.id());
        chat.to(roomChannel(room.id())).emit(Events.MEMBER_REMOVED, Map.of("roomId", room.id(), "userId", userId));
    }

    @Override
    public void roleChanged(Room room, MemberView member) {
        chat.to(roomChannel(room.id())).emit(Events.MEMBER_ROLE, Map.of("roomId", room.id(), "member", member));
    }

    @Override
    public void roomUpdated(Room room) {
        chat.to(roomChannel(room.id()))
                .emit(
                        Events.ROOM_UPDATED,
                        Map.of("roomId", room.id(), "name", room.name(), "description", room.description()));
    }

    @Override
    public void roomDeleted(Room room, List<String> formerMembers) {
        chat.to(roomChannel(room.id())).emit(Events.ROOM_DELETED, Map.of("roomId", room.id()));
        for (String userId : formerMembers) {
            unsubscribe(userId, room.id());
        }
    }

    private void subscribe(String userId, String roomId) {
        for (Socket socket : socketsOf(userId)) {
            socket.join(roomChannel(roomId));
        }
    }

    /** Takes the user's sockets out of the room at once, then tells them. */
    private void unsubscribe(String userId, String roomId) {
        for (Socket socket : socketsOf(userId)) {
            socket.leave(roomChannel(roomId));
            Set<String> ids = viewers.get(roomId + "/" + userId);
            if (ids != null) {
                ids.remove(socket.id());
            }
        }
        viewers.remove(roomId + "/" + userId);
        ScheduledFuture<?> typing = typingTimers.remove(roomId + "/" + userId);
        if (typing != null) {
            typing.cancel(false);
        }
        chat.to(userChannel(userId)).emit(Events.ROOM_REMOVED, Map.of("roomId", roomId));
    }

    private List<Socket> socketsOf(String userId) {
        Set<String> ids = socketsByUser.get(userId);
        if (ids == null) {
            return List.of();
        }
        return ids.stream().map(chat::localSocket).filter(s -> s != null).toList();
    }

    /**
     * Each socket keeps its user from the handshake, and a send stamps that user on the message
     * without a query; so a profile change replaces it on every socket of the user here.
     */
    @Override
    public void profileChanged(User user) {
        for (Socket socket : socketsOf(user.id())) {
            socket.data().put(USER, user);
        }
    }

    // ---- sessions that end --------------------------------------------------------------------

    @Override
    public void sessionEnded(String tokenHash) {
        for (Socket socket : List.copyOf(chat.sockets())) {
            if (tokenHash.equals(socket.data().get(TOKEN_HASH))) {
                socket.disconnect();
            }
        }
    }

    @Override
    public void userSessionsEnded(String userId, String keptTokenHash) {
        for (Socket socket : socketsOf(userId)) {
            if (keptTokenHash == null || !keptTokenHash.equals(socket.data().get(TOKEN_HASH))) {
                socket.disconnect();
            }
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** Forgets idle rate-limit state; run on a schedule. */
    public void sweep() {
        messagesPerUser.sweep();
        eventsPerSocket.sweep();
        typingPerSocket.sweep();
    }

    /**
     * For tests and operators: disconnects every socket of a user from the server side. The
     * clients are told (reason "io server disconnect"), so they do not reconnect by themselves.
     */
    public int disconnectUser(String userId) {
        List<Socket> sockets = socketsOf(userId);
        sockets.forEach(s -> s.disconnect(true));
        return sockets.size();
    }

    private static User user(Socket socket) {
        return (User) socket.data().get(USER);
    }

    static String roomChannel(String roomId) {
        return "r:" + roomId;
    }

    static String userChannel(String userId) {
        return "u:" + userId;
    }

    private static Map<String, Object> ref(User user) {
        return Map.of("id", user.id(), "username", user.username(), "displayName", user.displayName());
    }

    private static long wholeNumber(JsonNode node, String field) {
        if (node == null || !node.canConvertToLong() || !node.isIntegralNumber() || node.asLong() < 0) {
            throw new InvalidException("invalid_parameter", "'" + field + "' must be a whole number of 0 or more.");
        }
        return node.asLong();
    }

    private static int limit(ObjectNode payload, int max) {
        JsonNode node = payload.get("limit");
        if (node == null || node.isNull()) {
            return max == MessageService.MAX_PAGE ? 50 : max;
        }
        long value = wholeNumber(node, "limit");
        if (value < 1 || value > max) {
            throw new InvalidException("invalid_parameter", "'limit' must be from 1 to " + max + ".");
        }
        return (int) value;
    }

    @Override
    public void close() {
        timers.shutdownNow();
        io.close();
    }
}
