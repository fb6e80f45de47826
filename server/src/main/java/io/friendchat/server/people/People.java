package io.friendchat.server.people;

import io.friendchat.server.account.User;
import io.friendchat.server.account.UserStore;
import io.friendchat.server.common.Ids;
import io.friendchat.server.common.InvalidException;
import io.friendchat.server.common.NotFoundException;
import io.friendchat.server.common.RateLimitedException;
import io.friendchat.server.common.RateLimits;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finding people, avatars and blocks. Search shows only what {@link Person} holds, of active
 * users, a few at a time, and is rate-limited per user so that nobody pages through everyone.
 */
public final class People {
    public static final int SEARCH_LIMIT = 20;
    public static final int MAX_QUERY = 64;

    private final UserStore users;
    private final BlockStore blocks;
    private final RateLimits.Bucket searches;
    private final Clock clock;

    public People(UserStore users, BlockStore blocks, RateLimits.Bucket searches, Clock clock) {
        this.users = users;
        this.blocks = blocks;
        this.searches = searches;
        this.clock = clock;
    }

    /**
     * Active users whose username or display name starts with {@code query}, the caller included,
     * but not those the caller has blocked. The search asks the index for as many more as the
     * caller has blocked, so a page stays full however many of them match.
     */
    public List<Person> search(User me, String query) {
        String q = query == null ? "" : query.strip();
        if (q.isEmpty() || q.codePointCount(0, q.length()) > MAX_QUERY) {
            throw new InvalidException("invalid_query", "Type 1 to 64 characters to find people.");
        }
        searches.take(me.id()).ifPresent(wait -> {
            throw new RateLimitedException("Too many searches; wait a moment.", wait);
        });
        Set<String> blocked = new HashSet<>(blocks.listBlocked(me.id()));
        return users.search(q, SEARCH_LIMIT + blocked.size()).stream()
                .filter(u -> !blocked.contains(u.id()))
                .limit(SEARCH_LIMIT)
                .map(Person::of)
                .toList();
    }

    /** Replaces the caller's avatar with one made from {@code upload} (see {@link AvatarImages}). */
    public Person setAvatar(User me, byte[] upload) {
        byte[] png = AvatarImages.avatar(upload);
        // Any value but 0 that differs from the last one busts caches; the time is such a value.
        long version = Math.max(clock.millis(), me.avatarVersion() + 1);
        users.setAvatar(me.id(), png, version);
        return Person.of(users.findById(me.id()).orElseThrow());
    }

    public void clearAvatar(User me) {
        users.clearAvatar(me.id());
    }

    /** The avatar image of a user, as PNG bytes; 404 without one. */
    public byte[] avatar(String userId) {
        return Optional.ofNullable(Ids.isWellFormed(userId) ? userId : null)
                .flatMap(users::findAvatar)
                .orElseThrow(() -> new NotFoundException("avatar_not_found", "That user has no avatar."));
    }

    /** Blocks {@code userId}: they can no longer send you direct messages. Blocking twice is fine. */
    public void block(User me, String userId) {
        if (me.id().equals(userId)) {
            throw new InvalidException("invalid_block", "You cannot block yourself.");
        }
        User target = existing(userId);
        blocks.block(me.id(), target.id(), clock.instant());
    }

    /** Lifts a block; lifting one that is not there is fine. */
    public void unblock(User me, String userId) {
        blocks.unblock(me.id(), existing(userId).id());
    }

    /** The people the caller has blocked. */
    public List<Person> blocked(User me) {
        return users.findByIds(blocks.listBlocked(me.id())).stream()
                .map(Person::of)
                .toList();
    }

    private User existing(String userId) {
        return Optional.ofNullable(Ids.isWellFormed(userId) ? userId : null)
                .flatMap(users::findById)
                .orElseThrow(() -> new NotFoundException("user_not_found", "No such user."));
    }
}
