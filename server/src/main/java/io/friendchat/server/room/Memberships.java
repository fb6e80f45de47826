package io.friendchat.server.room;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.friendchat.server.common.Ids;
import io.friendchat.server.common.NotFoundException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Who is in which room, for the checks on the hot path: every message sent, every typing notice,
 * every page of history. The rooms of a user are read from the store once (one indexed query)
 * and then served from memory.
 *
 * <p>{@link RoomService} makes every membership change, and tells this class after each write
 * ({@link #changed}), which drops that user's entry so that the next check reads the store
 * again. Dropping rather than editing the entry is what keeps it right under races: a removal
 * that meets a load still in flight waits for that load, then drops what it loaded. With several
 * nodes, the change is also handed to {@link #onChanged}, and the other nodes {@link #forget}.
 *
 * <p>Cost: one entry per recently active user (at most {@value #MAX_USERS}), holding the ids of
 * their rooms, about 100 bytes a room; a miss costs the one query a check used to cost every time.
 */
public final class Memberships {
    static final int MAX_USERS = 100_000;

    private final MemberStore members;
    private final Cache<String, Set<String>> roomsByUser =
            Caffeine.newBuilder().maximumSize(MAX_USERS).build();
    private volatile Consumer<Collection<String>> peers = userIds -> {};

    public Memberships(MemberStore members) {
        this.members = members;
    }

    /** Whether {@code userId} is a member of {@code roomId} now. */
    public boolean isMember(String roomId, String userId) {
        return roomIdsOf(userId).contains(roomId);
    }

    /**
     * Does nothing for a member; otherwise throws the 404 that hides whether the room exists, as
     * every room operation does for a non-member.
     */
    public void requireMember(String roomId, String userId) {
        if (!Ids.isWellFormed(roomId) || !isMember(roomId, userId)) {
            throw roomNotFound();
        }
    }

    /** The ids of the rooms {@code userId} is in (an unmodifiable snapshot). */
    public Set<String> roomIdsOf(String userId) {
        return roomsByUser.get(userId, this::load);
    }

    /** The member's role in the room, read from the store (for the rarer checks that need it). */
    public Optional<Role> roleOf(String roomId, String userId) {
        return members.find(roomId, userId).map(Member::role);
    }

    /** Set once at wiring time in cluster mode: told of every change, to tell the other nodes. */
    public void onChanged(Consumer<Collection<String>> peers) {
        this.peers = peers;
    }

    /** Call after every write that changes the rooms of these users. */
    public void changed(Collection<String> userIds) {
        roomsByUser.invalidateAll(userIds);
        peers.accept(userIds);
    }

    /** Call after every write that changes the rooms of this user. */
    public void changed(String userId) {
        changed(List.of(userId));
    }

    /** Another node changed the rooms of these users: drop what this node holds of them. */
    public void forget(Collection<String> userIds) {
        roomsByUser.invalidateAll(userIds);
    }

    /** Drops everything, e.g. after changes from other nodes may have been missed. */
    public void forgetAll() {
        roomsByUser.invalidateAll();
    }

    private Set<String> load(String userId) {
        List<String> ids =
                members.listByUser(userId).stream().map(Member::roomId).toList();
        return Set.copyOf(ids);
    }

    static NotFoundException roomNotFound() {
        return new NotFoundException("room_not_found", "No such room, or you are not in it.");
    }
}
