package io.friendchat.server.admin;

import java.time.Instant;

/**
 * One admin action, as it was done: who did it, when, through what, and to whom. Names are kept
 * as they were at the time, so the entry still reads right after a rename or a deletion.
 *
 * @param via {@code "web"} for an admin acting through the API, {@code "cli"} for the admin
 *     command; an entry made by the command has no {@code actorId}, and {@code actorName} is the
 *     operating-system user who ran it
 * @param action what was done, such as {@code user_deactivated} ({@link AuditAction})
 * @param targetType {@code "user"}, {@code "room"} or {@code "store"}
 */
public record AuditEntry(
        String id,
        Instant at,
        String via,
        String actorId,
        String actorName,
        String action,
        String targetType,
        String targetId,
        String targetName) {}
