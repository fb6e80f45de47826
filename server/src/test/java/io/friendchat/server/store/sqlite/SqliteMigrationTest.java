package io.friendchat.server.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.friendchat.server.account.User;
import io.friendchat.server.common.Ids;
import io.friendchat.server.message.Message;
import io.friendchat.server.message.NewMessage;
import io.friendchat.server.room.Notify;
import io.friendchat.server.room.Room;
import io.friendchat.server.room.Visibility;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Set;
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
            assertEquals(8, rs.getInt(1));
        }
    }

    @Test
    void messages_and_members_of_a_version_2_file_can_be_changed_replied_to_and_notified() throws Exception {
        Path file = dataDir.resolve(SqliteDataStore.FILE_NAME);
        String roomId = "0123456789abcdef01234567";
        String messageId = "76543210fedcba9876543210";
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement()) {
            SqliteSchema.migrate(c, 2);
            s.execute("INSERT INTO members (room_id, user_id, role, joined_at, last_read_seq)" + " VALUES ('" + roomId
                    + "', 'alice', 'owner', 1700000000000, 1)");
            s.execute("INSERT INTO messages (room_id, seq, id, author_id, client_id, kind, body, created_at)"
                    + " VALUES ('" + roomId + "', 1, '" + messageId + "', 'alice', 'c1', 'text', 'old text',"
                    + " 1700000000000)");
        }

        try (SqliteDataStore store = new SqliteDataStore(dataDir)) {
            Message old = store.messages().find(roomId, messageId).orElseThrow();
            assertEquals("old text", old.body());
            assertEquals(0, old.rev());
            assertTrue(old.mentions().isEmpty());
            assertTrue(old.reactions().isEmpty());
            assertEquals(
                    Notify.ALL,
                    store.members().find(roomId, "alice").orElseThrow().notifyLevel());

            Message edited = store.messages()
                    .change(roomId, messageId, m -> m.withEdit("new text", List.of("alice"), Instant.EPOCH))
                    .message();
            assertEquals(1, edited.rev());
            assertEquals(1, store.messages().countMentions(roomId, "alice", 0));
            Message reply = store.messages()
                    .append(new NewMessage(
                            Ids.newId(),
                            roomId,
                            "alice",
                            "c2",
                            Message.Kind.TEXT,
                            "reply",
                            Instant.EPOCH,
                            messageId,
                            List.of()))
                    .message();
            assertEquals(2, reply.seq());
            assertEquals(
                    messageId,
                    store.messages().find(roomId, reply.id()).orElseThrow().replyToId());
            assertTrue(store.members().setNotify(roomId, "alice", Notify.NONE));
        }
    }

    @Test
    void users_and_rooms_of_a_version_2_file_are_searchable_private_and_without_avatars() throws Exception {
        Path file = dataDir.resolve(SqliteDataStore.FILE_NAME);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement()) {
            SqliteSchema.migrate(c, 2);
            s.execute("INSERT INTO users (id, username, username_key, email, email_key, display_name, password_hash,"
                    + " created_at) VALUES ('0123456789abcdef01234567', 'Old', 'old', 'old@example.com',"
                    + " 'old@example.com', 'Zoe Old', 'hash', 1700000000000)");
            s.execute("INSERT INTO rooms VALUES ('1123456789abcdef01234567', 'Lobby', '', '0123456789abcdef01234567',"
                    + " 1700000000000, 1700000000000)");
        }

        try (SqliteDataStore store = new SqliteDataStore(dataDir)) {
            User old = store.users().search("zoe", 10).get(0);
            assertEquals("Old", old.username());
            assertEquals(0, old.avatarVersion());
            Room lobby = store.rooms().findById("1123456789abcdef01234567").orElseThrow();
            assertEquals(Visibility.PRIVATE, lobby.visibility());
            assertFalse(lobby.isDirect());
            assertTrue(store.rooms().listPublic(0, 10).isEmpty());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            assertEquals(8, rs.getInt(1));
        }
    }

    @Test
    void text_messages_of_a_version_3_file_are_indexed_for_search_and_deleted_ones_are_not() throws Exception {
        Path file = dataDir.resolve(SqliteDataStore.FILE_NAME);
        String roomId = "0123456789abcdef01234567";
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement()) {
            SqliteSchema.migrate(c, 3);
            s.execute("INSERT INTO messages (room_id, seq, id, author_id, client_id, kind, body, created_at)"
                    + " VALUES ('" + roomId + "', 1, '76543210fedcba9876543210', 'alice', 'c1', 'text',"
                    + " 'kept searchable', 1700000000000)");
            s.execute("INSERT INTO messages (room_id, seq, id, author_id, client_id, kind, body, created_at,"
                    + " deleted_at) VALUES ('" + roomId + "', 2, '76543210fedcba9876543211', 'alice', 'c2', 'text',"
                    + " '', 1700000000001, 1700000000002)");
            s.execute("INSERT INTO messages (room_id, seq, id, author_id, client_id, kind, body, created_at)"
                    + " VALUES ('" + roomId + "', 3, '76543210fedcba9876543212', NULL, 's1', 'system',"
                    + " '{\"type\":\"kept\"}', 1700000000003)");
        }

        try (SqliteDataStore store = new SqliteDataStore(dataDir)) {
            List<Message> found = store.messageSearch()
                    .search(List.of(roomId), List.of("kept"), null, 10)
                    .messages();
            assertEquals(
                    List.of("kept searchable"),
                    found.stream().map(Message::body).toList());
            Message later = store.messages()
                    .append(new NewMessage(
                            Ids.newId(), roomId, "alice", "c4", Message.Kind.TEXT, "kept later", Instant.EPOCH))
                    .message();
            assertEquals(
                    List.of(later.id(), "76543210fedcba9876543210"),
                    store.messageSearch().search(List.of(roomId), List.of("kept"), null, 10).messages().stream()
                            .map(Message::id)
                            .toList());
        }
    }

    /**
     * Since version 7 a new message waits in message_search_pending until the end of its batch.
     * A message edited or deleted before that, in the same transaction, is indexed as it ends up,
     * or not at all; and what a version 6 file had indexed stays found.
     */
    @Test
    void a_message_changed_in_the_batch_that_wrote_it_is_indexed_as_it_ends_up() throws Exception {
        Path file = dataDir.resolve(SqliteDataStore.FILE_NAME);
        String roomId = "0123456789abcdef01234567";
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement()) {
            SqliteSchema.migrate(c, 6);
            s.execute(insertText(roomId, 1, "from version six"));
            SqliteSchema.migrate(c, 7);
            c.setAutoCommit(false);
            s.execute(insertText(roomId, 2, "first draft"));
            s.execute("UPDATE messages SET body = 'final wording' WHERE seq = 2");
            s.execute(insertText(roomId, 3, "regretted draft"));
            s.execute("UPDATE messages SET body = '', deleted_at = 1700000000009 WHERE seq = 3");
            s.execute(insertText(roomId, 4, "gone draft"));
            s.execute("DELETE FROM messages WHERE seq = 4");
            for (String sql : SqliteSchema.END_OF_BATCH) {
                s.execute(sql);
            }
            c.commit();
            c.setAutoCommit(true);
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM message_search_pending")) {
                assertEquals(0, rs.getInt(1));
            }
            // Left queued by a write outside the store: indexed when the store opens.
            s.execute(insertText(roomId, 5, "queued draft"));
        }

        try (SqliteDataStore store = new SqliteDataStore(dataDir)) {
            assertEquals(List.of("from version six"), bodiesFound(store, roomId, "version"));
            assertEquals(List.of("final wording"), bodiesFound(store, roomId, "wording"));
            assertEquals(List.of("queued draft"), bodiesFound(store, roomId, "draft"));
            store.messages()
                    .append(new NewMessage(
                            Ids.newId(), roomId, "alice", "c6", Message.Kind.TEXT, "later wording", Instant.EPOCH));
            assertEquals(List.of("later wording", "final wording"), bodiesFound(store, roomId, "wording"));
        }
    }

    private static String insertText(String roomId, int seq, String body) {
        return "INSERT INTO messages (room_id, seq, id, author_id, client_id, kind, body, created_at)"
                + " VALUES ('" + roomId + "', " + seq + ", '76543210fedcba987654321" + seq + "', 'alice', 'c" + seq
                + "', 'text', '" + body + "', 170000000000" + seq + ")";
    }

    private static List<String> bodiesFound(SqliteDataStore store, String roomId, String word) {
        return store.messageSearch().search(List.of(roomId), List.of(word), null, 10).messages().stream()
                .map(Message::body)
                .toList();
    }

    @Test
    void files_of_a_version_6_file_are_found_by_room_on_an_index_and_deleted_with_their_bytes() throws Exception {
        Path file = dataDir.resolve(SqliteDataStore.FILE_NAME);
        String roomId = "0123456789abcdef01234567";
        String fileId = "76543210fedcba9876543210";
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement()) {
            SqliteSchema.migrate(c, 6);
            s.execute("INSERT INTO files (id, room_id, uploader_id, name, media_type, size, image, width, height,"
                    + " created_at) VALUES ('" + fileId + "', '" + roomId + "', 'alice', 'old.txt',"
                    + " 'application/octet-stream', 1, 0, 0, 0, 1700000000000)");
        }
        Path bytes = dataDir.resolve(SqliteDataStore.FILES_DIR).resolve("76").resolve(fileId);
        Files.createDirectories(bytes.getParent());
        Files.write(bytes, new byte[] {1});

        try (SqliteDataStore store = new SqliteDataStore(dataDir)) {
            assertEquals(Set.of(roomId), store.files().roomIds());
            assertEquals(1, store.files().deleteByRoom(roomId));
            assertTrue(store.files().find(fileId).isEmpty());
            assertFalse(Files.exists(bytes));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("EXPLAIN QUERY PLAN SELECT id FROM files WHERE room_id = 'r'")) {
            assertTrue(rs.next());
            assertTrue(rs.getString("detail").contains("files_by_room"), rs.getString("detail"));
        }
    }
}
