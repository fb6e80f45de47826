package io.friendchat.server.room;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/** A room as its members see it; {@code kind} is {@code room} or {@code direct}. */
public record RoomDetail(
        String id,
        String kind,
        String visibility,
        String name,
        String description,
        String createdBy,
        Instant createdAt,
        Instant updatedAt,
        String myRole,
        long lastSeq,
        long lastReadSeq,
        long mentionCount,
        @JsonProperty("notify") String notifyLevel,
        List<MemberView> members) {}
