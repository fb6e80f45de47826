package io.friendchat.server.room;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.friendchat.server.message.MessageView;
import java.time.Instant;

/**
 * A dashboard row: one of my rooms, with my role, its size, its last message, my unread count,
 * how many unread messages mention me, and my notification level.
 */
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
        long mentionCount,
        @JsonProperty("notify") String notifyLevel,
        Instant lastActivityAt) {}
