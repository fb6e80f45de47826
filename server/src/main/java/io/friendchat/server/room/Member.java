package io.friendchat.server.room;

import java.time.Instant;

/**
 * A user's membership of a room. {@code lastReadSeq} is the highest message seq the user has
 * read there; it only ever increases. {@code notifyLevel} is the member's notification level.
 */
public record Member(String roomId, String userId, Role role, Instant joinedAt, long lastReadSeq, Notify notifyLevel) {

    public Member {
        notifyLevel = notifyLevel == null ? Notify.ALL : notifyLevel;
    }

    /** A membership with the default notification level. */
    public Member(String roomId, String userId, Role role, Instant joinedAt, long lastReadSeq) {
        this(roomId, userId, role, joinedAt, lastReadSeq, Notify.ALL);
    }
}
