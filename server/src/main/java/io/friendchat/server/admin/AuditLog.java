package io.friendchat.server.admin;

import io.friendchat.server.account.User;
import io.friendchat.server.common.Ids;
import io.friendchat.server.common.InvalidException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes admin actions to the audit log and pages through it, newest first. A page ends with an
 * opaque cursor, the time and id of its last entry, from which the next page goes on.
 */
public final class AuditLog {
    private static final Pattern CURSOR = Pattern.compile("(\\d{1,15})-([0-9a-f]{24})");

    private final AuditStore store;
    private final Clock clock;
    /** The time of the last entry written here: each later one gets a later time, so they read in order. */
    private final AtomicReference<Instant> last = new AtomicReference<>(Instant.EPOCH);

    public AuditLog(AuditStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** A page of entries, newest first; {@code next} is null on the last page. */
    public record Page(List<AuditEntry> entries, String next) {}

    /** The target of an action, named as it is now. */
    public record Target(String type, String id, String name) {
        public static Target of(User user) {
            return new Target("user", user.id(), user.username());
        }
    }

    /** Records an action an admin took through the API. */
    public void byAdmin(User admin, AuditAction action, Target target) {
        append("web", admin.id(), admin.username(), action, target);
    }

    /** Records an action taken with the admin command by {@code operator}, an operating-system user. */
    public void byOperator(String operator, AuditAction action, Target target) {
        append("cli", null, operator, action, target);
    }

    private void append(String via, String actorId, String actorName, AuditAction action, Target target) {
        store.append(new AuditEntry(
                Ids.newId(),
                nextInstant(),
                via,
                actorId,
                actorName,
                action.wire(),
                target.type(),
                target.id(),
                target.name()));
    }

    private Instant nextInstant() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return last.updateAndGet(previous -> now.isAfter(previous) ? now : previous.plusMillis(1));
    }

    /** Up to {@code limit} entries after {@code cursor} (null: from the newest). */
    public Page page(String cursor, int limit) {
        List<AuditEntry> entries;
        if (cursor == null) {
            entries = store.page(null, null, limit + 1);
        } else {
            Matcher m = CURSOR.matcher(cursor);
            if (!m.matches()) {
                throw new InvalidException("invalid_parameter", "'before' must be a cursor from an earlier page.");
            }
            entries = store.page(Instant.ofEpochMilli(Long.parseLong(m.group(1))), m.group(2), limit + 1);
        }
        if (entries.size() <= limit) {
            return new Page(entries, null);
        }
        entries = entries.subList(0, limit);
        AuditEntry last = entries.get(limit - 1);
        return new Page(List.copyOf(entries), last.at().toEpochMilli() + "-" + last.id());
    }
}
