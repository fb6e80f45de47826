package io.friendchat.server.room;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.friendchat.server.account.User;
import io.friendchat.server.message.MessageService;
import io.friendchat.server.message.MessageView;
import io.friendchat.server.realtime.Channels;
import io.friendchat.server.realtime.Events;
import io.friendchat.server.realtime.PresenceTracker;
import io.friendchat.server.realtime.SocketEvents;
import io.friendchat.server.realtime.SocketFeature;
import io.friendchat.server.realtime.SocketSession;
import io.friendchat.server.web.Fields;
import io.friendchat.socketio.Socket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code room:join}, {@code room:leave} and {@code room:read}: they translate to the services. */
public final class RoomSocket implements SocketFeature {
    private static final int JOIN_PAGE = 50;

    private final SocketEvents events;
    private final RoomService rooms;
    private final MessageService messages;
    private final PresenceTracker presence;

    public RoomSocket(SocketEvents events, RoomService rooms, MessageService messages, PresenceTracker presence) {
        this.events = events;
        this.rooms = rooms;
        this.messages = messages;
        this.presence = presence;
    }

    @Override
    public void attach(Socket socket, SocketSession session) {
        events.on(socket, Events.ROOM_JOIN, (s, p) -> join(socket, s, p));
        events.on(socket, Events.ROOM_LEAVE, (s, p) -> leave(socket, s, p));
        events.on(socket, Events.ROOM_READ, (s, p) -> read(socket, s, p));
        events.on(socket, Events.ROOM_NOTIFY, this::notifyLevel);
    }

    /**
     * The room, and either its latest page or everything after {@code sinceSeq} (catch-up); with
     * {@code sinceRev} too, the current state of the older messages changed after it.
     */
    private Object join(Socket socket, SocketSession session, ObjectNode p) {
        User user = session.user();
        String roomId = Fields.requiredString(p, "roomId");
        RoomDetail room = rooms.view(user.id(), roomId);
        Long since = Fields.optionalWholeNumber(p, "sinceSeq");
        Long sinceRev = Fields.optionalWholeNumber(p, "sinceRev");
        // Read before the pages: a change made meanwhile is in them or comes after this rev.
        long rev = messages.latestRev(roomId);
        List<MessageView> page;
        boolean hasMore;
        if (since == null) {
            page = messages.before(user.id(), roomId, Long.MAX_VALUE, JOIN_PAGE);
            hasMore = !page.isEmpty() && page.get(0).seq() > 1;
        } else {
            page = messages.after(user.id(), roomId, since, MessageService.MAX_CATCH_UP_PAGE);
            hasMore = !page.isEmpty() && page.get(page.size() - 1).seq() < room.lastSeq();
        }
        List<MessageView> changes = sinceRev == null || since == null
                ? List.of()
                : messages.changedAfter(user.id(), roomId, sinceRev, since, MessageService.MAX_CATCH_UP_PAGE);
        socket.join(Channels.room(roomId));
        presence.startViewing(socket, session, roomId);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("room", room);
        result.put("messages", page);
        result.put("changes", changes);
        result.put("hasMore", hasMore);
        result.put("rev", rev);
        return result;
    }

    private Object leave(Socket socket, SocketSession session, ObjectNode p) {
        String roomId = Fields.requiredString(p, "roomId");
        rooms.requireMember(roomId, session.user().id());
        presence.stopViewing(socket, session, roomId);
        return Map.of();
    }

    private Object read(Socket socket, SocketSession session, ObjectNode p) {
        String userId = session.user().id();
        String roomId = Fields.requiredString(p, "roomId");
        long seq = Fields.requiredWholeNumber(p, "seq");
        long lastRead = rooms.markRead(userId, roomId, seq);
        long mentionCount = rooms.mentionCount(roomId, userId, lastRead);
        socket.to(Channels.user(userId))
                .emit(
                        Events.ROOM_READ,
                        Map.of("roomId", roomId, "lastReadSeq", lastRead, "mentionCount", mentionCount));
        return Map.of("lastReadSeq", lastRead, "mentionCount", mentionCount);
    }

    private Object notifyLevel(SocketSession session, ObjectNode p) {
        String roomId = Fields.requiredString(p, "roomId");
        String level = Fields.requiredString(p, "level");
        return Map.of("notify", rooms.setNotify(session.user(), roomId, level).wire());
    }
}
