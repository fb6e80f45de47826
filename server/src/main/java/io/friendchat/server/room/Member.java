package io.friendchat.server.room;

import java.time.Instant;

/**
 * A user's membership of a room. {@code lastReadSeq} is the highest message seq the user has
 * read there; it only ever increases.
 */
public record Member(String roomId, String userId, Role role, Instant joinedAt, long lastReadSeq) {}
