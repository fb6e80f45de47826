package io.friendchat.server.realtime;

import io.friendchat.server.room.MemberView;
import io.friendchat.server.room.Notify;
import io.friendchat.server.room.Room;
import io.friendchat.server.room.RoomEvents;
import io.friendchat.server.room.RoomService;
import io.friendchat.socketio.Namespace;
import java.util.List;
import java.util.Map;

/**
 * Pushes what {@link RoomService} announces to the sockets concerned, and keeps each user's
 * sockets subscribed to exactly the rooms they are in: a new member's sockets join the room's
 * channel at once, a removed member's leave it before they are told.
 */
public final class RoomPushes implements RoomEvents {
    private final Namespace chat;
    private final RoomService rooms;
    private final PresenceTracker presence;
    private final Typing typing;

    public RoomPushes(Namespace chat, RoomService rooms, PresenceTracker presence, Typing typing) {
        this.chat = chat;
        this.rooms = rooms;
        this.presence = presence;
        this.typing = typing;
    }

    @Override
    public void roomCreated(Room room, List<String> memberIds) {
        for (String userId : memberIds) {
            subscribe(userId, room.id());
            rooms.summary(room.id(), userId)
                    .ifPresent(
                            summary -> chat.to(Channels.user(userId)).emit(Events.ROOM_ADDED, Map.of("room", summary)));
        }
    }

    @Override
    public void membersAdded(Room room, List<MemberView> added) {
        for (MemberView member : added) {
            subscribe(member.id(), room.id());
            rooms.summary(room.id(), member.id())
                    .ifPresent(summary ->
                            chat.to(Channels.user(member.id())).emit(Events.ROOM_ADDED, Map.of("room", summary)));
        }
        chat.to(Channels.room(room.id())).emit(Events.MEMBER_ADDED, Map.of("roomId", room.id(), "members", added));
    }

    @Override
    public void memberRemoved(Room room, String userId) {
        unsubscribe(userId, room.id());
        chat.to(Channels.room(room.id())).emit(Events.MEMBER_REMOVED, Map.of("roomId", room.id(), "userId", userId));
    }

    @Override
    public void roleChanged(Room room, MemberView member) {
        chat.to(Channels.room(room.id())).emit(Events.MEMBER_ROLE, Map.of("roomId", room.id(), "member", member));
    }

    @Override
    public void roomUpdated(Room room) {
        chat.to(Channels.room(room.id()))
                .emit(
                        Events.ROOM_UPDATED,
                        Map.of("roomId", room.id(), "name", room.name(), "description", room.description()));
    }

    @Override
    public void notifyChanged(String roomId, String userId, Notify level) {
        chat.to(Channels.user(userId)).emit(Events.ROOM_NOTIFY, Map.of("roomId", roomId, "notify", level.wire()));
    }

    @Override
    public void roomDeleted(Room room, List<String> formerMembers) {
        chat.to(Channels.room(room.id())).emit(Events.ROOM_DELETED, Map.of("roomId", room.id()));
        for (String userId : formerMembers) {
            unsubscribe(userId, room.id());
        }
    }

    /** Subscribes the user's sockets, on every node, to the room. */
    private void subscribe(String userId, String roomId) {
        chat.in(Channels.user(userId)).socketsJoin(Channels.room(roomId));
    }

    /** Takes the user's sockets, on every node, out of the room at once, then tells them. */
    private void unsubscribe(String userId, String roomId) {
        chat.in(Channels.user(userId)).socketsLeave(Channels.room(roomId));
        presence.forgetRoom(userId, roomId);
        typing.forgetRoom(userId, roomId);
        chat.to(Channels.user(userId)).emit(Events.ROOM_REMOVED, Map.of("roomId", roomId));
    }
}
