package io.friendchat.server.room;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Rooms. Deleting a room takes its memberships and messages with it. */
public interface RoomStore {
    /** Stores a room, with its visibility and, for a direct message, its direct key. */
    void create(Room room);

    /**
     * Stores a direct message's room unless the pair already has one: the direct key is unique,
     * so of two concurrent attempts exactly one returns true.
     */
    boolean createDirect(Room room);

    /** The direct message with this {@link Room#directKey}, if the pair has one. */
    Optional<Room> findDirect(String directKey);

    /** Makes the room public or private; false when the room does not exist. */
    boolean setVisibility(String id, Visibility visibility, Instant updatedAt);

    /** A page of public rooms, newest first (then by id), skipping {@code offset}. */
    List<Room> listPublic(int offset, int limit);

    Optional<Room> findById(String id);

    /** The rooms with these ids that exist, in no particular order, in one query. */
    List<Room> findByIds(java.util.Collection<String> ids);

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
