package io.friendchat.server.room;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/** A room as its members see it. */
public record RoomDetail(
        String id,
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
