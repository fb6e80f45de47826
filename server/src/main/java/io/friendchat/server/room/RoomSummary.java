package io.friendchat.server.room;

import io.friendchat.server.message.MessageView;
import java.time.Instant;

/** A dashboard row: one of my rooms, with my role, its size, its last message and my unread count. */
public record RoomSummary(
        String id,
        String name,
        String description,
        String role,
        int memberCount,
        MessageView lastMessage,
        long lastSeq,
        long lastReadSeq,
        long unread,
        Instant lastActivityAt) {}
