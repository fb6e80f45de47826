package io.friendchat.server.room;

import java.time.Instant;

/** A member as others see them: public profile, role, and whether they are online. */
public record MemberView(
        String id,
        String username,
        String displayName,
        String role,
        Instant joinedAt,
        boolean online,
        String avatarUrl) {}
