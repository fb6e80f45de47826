package io.friendchat.server.room;

import java.time.Instant;

/** A private chat room; only its members may see it. */
public record Room(
        String id, String name, String description, String createdBy, Instant createdAt, Instant updatedAt) {}
