package io.friendchat.server.room;

import io.friendchat.server.message.MessageView;
import java.util.List;

/**
 * What the room service announces after each change is stored, so that the real-time gateway can
 * push it. Each carries the system message the change left in the room's history.
 */
public interface RoomEvents {
    RoomEvents NONE = new RoomEvents() {
    };

    /** A room was created; {@code memberIds} includes the creator. */
    default void roomCreated(Room room, List<String> memberIds) {
    }

    default void membersAdded(Room room, List<MemberView> added, MessageView systemMessage) {
    }

    /** A member was removed, or left; their sockets must lose the room at once. */
    default void memberRemoved(Room room, String userId, MessageView systemMessage) {
    }

    default void roleChanged(Room room, MemberView member, MessageView systemMessage) {
    }

    default void roomUpdated(Room room, MessageView systemMessage) {
    }

    /** The room is gone; {@code formerMembers} are the users who were in it. */
    default void roomDeleted(Room room, List<String> formerMembers) {
    }
}
