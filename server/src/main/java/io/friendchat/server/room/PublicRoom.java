package io.friendchat.server.room;

import java.time.Instant;

/** A public room as anyone signed in sees it in the directory, and whether they are in it. */
public record PublicRoom(
        String id, String name, String description, int memberCount, boolean joined, Instant createdAt) {}
