package io.friendchat.server.room;

import java.util.List;

/**
 * What the room service announces after each change is stored, so that the real-time gateway can
 * push it. The change's system message is stored (and published as a new message) right after
 * the announcement, so that members who were just added see it and removed ones do not.
 */
public interface RoomEvents {
    RoomEvents NONE = new RoomEvents() {};

    /** A room was created; {@code memberIds} includes the creator. */
    default void roomCreated(Room room, List<String> memberIds) {}

    default void membersAdded(Room room, List<MemberView> added) {}

    /** A member was removed, or left; their sockets must lose the room at once. */
    default void memberRemoved(Room room, String userId) {}

    default void roleChanged(Room room, MemberView member) {}

    default void roomUpdated(Room room) {}

    /** A member set their notification level for the room. */
    default void notifyChanged(String roomId, String userId, Notify level) {}

    /** The room is gone; {@code formerMembers} are the users who were in it. */
    default void roomDeleted(Room room, List<String> formerMembers) {}
}
