package io.friendchat.server.room;

import java.time.Instant;
import java.util.Optional;

/** Rooms. Deleting a room takes its memberships and messages with it. */
public interface RoomStore {
    void create(Room room);

    Optional<Room> findById(String id);

    /** Changes the name and description; false when the room does not exist. */
    boolean update(String id, String name, String description, Instant updatedAt);

    /**
     * Deletes the room, its memberships and its messages. Memberships go first, so that a crash
     * part-way leaves a room nobody can see rather than members of a half-deleted room.
     *
     * @return true when the room existed
     */
    boolean delete(String id);

    /** How many rooms there are. */
    long count();
}
