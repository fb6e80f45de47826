package io.friendchat.server.room;

import java.util.List;
import java.util.Optional;

/** Memberships, unique by {@code (roomId, userId)}. */
public interface MemberStore {
    /** Adds a membership; false, with nothing changed, when the user is already a member. */
    boolean add(Member member);

    Optional<Member> find(String roomId, String userId);

    /** The room's members, oldest first. */
    List<Member> listByRoom(String roomId);

    /** The user's memberships, in no particular order. */
    List<Member> listByUser(String userId);

    int countByRoom(String roomId);

    /** True when the membership existed. */
    boolean remove(String roomId, String userId);

    /** True when the membership existed. */
    boolean updateRole(String roomId, String userId, Role role);

    /**
     * Raises {@code lastReadSeq} to {@code seq}; never lowers it.
     *
     * @return true when it was raised
     */
    boolean advanceLastRead(String roomId, String userId, long seq);

    /**
     * Sets the member's notification level.
     *
     * @return true when the membership exists
     */
    boolean setNotify(String roomId, String userId, Notify notify);
}
