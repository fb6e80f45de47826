package io.friendchat.server.room;

import java.time.Instant;

/**
 * A chat room. A {@code private} room is seen only by its members; a {@code public} one can be
 * browsed and joined by anyone signed in. A direct message is a private room of exactly two
 * people with a {@code directKey} (see {@link #directKey(String, String)}), unique in the store,
 * so that a pair has at most one.
 */
public record Room(
        String id,
        String name,
        String description,
        String createdBy,
        Instant createdAt,
        Instant updatedAt,
        Visibility visibility,
        String directKey) {

    /** A private room that is not a direct message. */
    public Room(String id, String name, String description, String createdBy, Instant createdAt, Instant updatedAt) {
        this(id, name, description, createdBy, createdAt, updatedAt, Visibility.PRIVATE, null);
    }

    public boolean isDirect() {
        return directKey != null;
    }

    /** The key of the direct message between two users: the same whichever of them asks. */
    public static String directKey(String userId, String otherId) {
        return userId.compareTo(otherId) < 0 ? userId + ":" + otherId : otherId + ":" + userId;
    }

    /** The other person of a direct message, read from its key without a query. */
    public String peerOf(String userId) {
        String[] pair = directKey.split(":");
        return pair[0].equals(userId) ? pair[1] : pair[0];
    }
}
