package io.friendchat.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.friendchat.server.admin.AuditEntry;
import io.friendchat.server.common.Ids;
import io.friendchat.server.testing.Backend;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

public abstract class AuditStoreContract extends StoreContract {
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    protected AuditStoreContract(Backend backend) {
        super(backend);
    }

    private static AuditEntry entry(Instant at, String target) {
        return new AuditEntry(
                Ids.newId(), at, "web", Ids.newId(), "boss", "user_deactivated", "user", Ids.newId(), target);
    }

    private static List<String> targets(List<AuditEntry> entries) {
        return entries.stream().map(AuditEntry::targetName).toList();
    }

    @Test
    void entries_come_back_newest_first_exactly_as_written_and_survive_reopening() {
        AuditEntry old = entry(T0, "old");
        AuditEntry cli = new AuditEntry(
                Ids.newId(), T0.plusSeconds(1), "cli", null, "root", "backup_taken", "store", null, "/tmp/b.db");
        AuditEntry recent = entry(T0.plusSeconds(2), "recent");
        store.audit().append(old);
        store.audit().append(recent);
        store.audit().append(cli);

        reopen();

        assertEquals(List.of(recent, cli, old), store.audit().page(null, null, 10));
    }

    @Test
    void pages_go_on_from_the_last_entry_seen_even_within_one_instant() {
        List<AuditEntry> written = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            // Pairs share an instant, so the cursor needs the id as well as the time.
            AuditEntry e = entry(T0.plusMillis(i / 2), "t" + i);
            written.add(e);
            store.audit().append(e);
        }
        List<AuditEntry> seen = new ArrayList<>();
        List<AuditEntry> page = store.audit().page(null, null, 3);
        while (!page.isEmpty()) {
            seen.addAll(page);
            AuditEntry last = page.get(page.size() - 1);
            page = store.audit().page(last.at(), last.id(), 3);
        }

        assertEquals(7, seen.size(), "every entry once: " + targets(seen));
        assertEquals(new java.util.HashSet<>(written), new java.util.HashSet<>(seen));
        for (int i = 1; i < seen.size(); i++) {
            AuditEntry newer = seen.get(i - 1);
            AuditEntry older = seen.get(i);
            boolean ordered = newer.at().isAfter(older.at())
                    || (newer.at().equals(older.at()) && newer.id().compareTo(older.id()) > 0);
            assertEquals(true, ordered, "newest first at " + i + ": " + targets(seen));
        }
    }
}
