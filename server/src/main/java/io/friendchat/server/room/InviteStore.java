package io.friendchat.server.room;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Invite links, unique by token. Deleting a room takes its invites with it. */
public interface InviteStore {
    void create(Invite invite);

    Optional<Invite> find(String token);

    /** The room's invites, newest first. */
    List<Invite> listByRoom(String roomId);

    /** Revokes (deletes) the invite of that room; true when it existed. */
    boolean delete(String roomId, String token);

    /**
     * Counts one use, only if the invite still exists, has not expired at {@code now} and has a
     * use left: a compare-and-set, so concurrent accepts never exceed {@code maxUses}.
     *
     * @return true when the use was counted
     */
    boolean use(String token, Instant now);

    /** Gives back a use counted for someone who turned out to be a member already. */
    void unuse(String token);
}
