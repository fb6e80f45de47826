package io.friendchat.server.people;

import java.time.Instant;
import java.util.List;

/** Who has blocked whom, unique by {@code (userId, blockedId)}. */
public interface BlockStore {
    /** {@code userId} blocks {@code blockedId}; false when already blocked. */
    boolean block(String userId, String blockedId, Instant at);

    /** True when the block existed. */
    boolean unblock(String userId, String blockedId);

    /** Whether {@code userId} has blocked {@code blockedId}. */
    boolean isBlocked(String userId, String blockedId);

    /** The ids {@code userId} has blocked, in no particular order. */
    List<String> listBlocked(String userId);
}
