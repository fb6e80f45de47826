package io.friendchat.server.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.friendchat.server.account.User;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file made by a build that knew only the first schema opens in this one with its users intact. */
class SqliteMigrationTest {
    @TempDir
    Path dataDir;

    @Test
    void users_of_a_version_1_file_become_active_non_admins_and_the_audit_log_is_added() throws Exception {
        Path file = dataDir.resolve(SqliteDataStore.FILE_NAME);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement()) {
            SqliteSchema.migrate(c, 1);
            s.execute("INSERT INTO users VALUES ('0123456789abcdef01234567', 'Old', 'old', 'old@example.com',"
                    + " 'old@example.com', 'Old Timer', 'hash', 1700000000000)");
        }

        try (SqliteDataStore store = new SqliteDataStore(dataDir)) {
            User old = store.users().findByUsername("old").orElseThrow();
            assertEquals("Old Timer", old.displayName());
            assertFalse(old.admin());
            assertFalse(old.deactivated());
            assertTrue(store.users().setDeactivated(old.id(), true));
            assertTrue(store.audit().page(null, null, 10).isEmpty());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            assertEquals(2, rs.getInt(1));
        }
    }
}
