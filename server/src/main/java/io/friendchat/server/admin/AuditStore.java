package io.friendchat.server.admin;

import java.time.Instant;
import java.util.List;

/** The audit log of admin actions: appended to, never changed, read newest first. */
public interface AuditStore {
    void append(AuditEntry entry);

    /**
     * Up to {@code limit} entries older than the cursor, newest first: those with {@code at}
     * before {@code beforeAt}, or at the same instant with an id below {@code beforeId}. A null
     * {@code beforeAt} starts from the newest entry.
     */
    List<AuditEntry> page(Instant beforeAt, String beforeId, int limit);
}
