package io.friendchat.server.store.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema, as numbered migrations. {@code PRAGMA user_version} holds how many have run; at
 * start every later one runs, each in its own transaction. Append new migrations; never edit
 * one that has shipped. Times are epoch milliseconds.
 */
final class SqliteSchema {
    private static final Logger log = LoggerFactory.getLogger(SqliteSchema.class);

    private static final List<List<String>> MIGRATIONS = List.of(
            // 1: the first schema.
            List.of(
                    """
                CREATE TABLE users (
                  id TEXT PRIMARY KEY,
                  username TEXT NOT NULL,
                  username_key TEXT NOT NULL UNIQUE,
                  email TEXT NOT NULL,
                  email_key TEXT NOT NULL UNIQUE,
                  display_name TEXT NOT NULL,
                  password_hash TEXT NOT NULL,
                  created_at INTEGER NOT NULL)""",
                    """
                CREATE TABLE sessions (
                  token_hash TEXT PRIMARY KEY,
                  user_id TEXT NOT NULL,
                  created_at INTEGER NOT NULL,
                  last_seen_at INTEGER NOT NULL,
                  expires_at INTEGER NOT NULL,
                  user_agent TEXT,
                  ip TEXT)""",
                    "CREATE INDEX sessions_by_user ON sessions(user_id)",
                    "CREATE INDEX sessions_by_expiry ON sessions(expires_at)",
                    """
                CREATE TABLE rooms (
                  id TEXT PRIMARY KEY,
                  name TEXT NOT NULL,
                  description TEXT NOT NULL,
                  created_by TEXT NOT NULL,
                  created_at INTEGER NOT NULL,
                  updated_at INTEGER NOT NULL)""",
                    """
                CREATE TABLE members (
                  room_id TEXT NOT NULL,
                  user_id TEXT NOT NULL,
                  role TEXT NOT NULL,
                  joined_at INTEGER NOT NULL,
                  last_read_seq INTEGER NOT NULL DEFAULT 0,
                  PRIMARY KEY (room_id, user_id)) WITHOUT ROWID""",
                    "CREATE INDEX members_by_user ON members(user_id)",
                    """
                CREATE TABLE messages (
                  room_id TEXT NOT NULL,
                  seq INTEGER NOT NULL,
                  id TEXT NOT NULL UNIQUE,
                  author_id TEXT,
                  client_id TEXT NOT NULL,
                  kind TEXT NOT NULL,
                  body TEXT NOT NULL,
                  created_at INTEGER NOT NULL,
                  PRIMARY KEY (room_id, seq)) WITHOUT ROWID""",
                    "CREATE UNIQUE INDEX messages_by_client_id ON messages(room_id, author_id, client_id)"),
            // 2: server admins, deactivated users and the audit log of admin actions.
            List.of(
                    "ALTER TABLE users ADD COLUMN admin INTEGER NOT NULL DEFAULT 0",
                    "ALTER TABLE users ADD COLUMN deactivated INTEGER NOT NULL DEFAULT 0",
                    """
                CREATE TABLE audit_log (
                  id TEXT PRIMARY KEY,
                  at INTEGER NOT NULL,
                  via TEXT NOT NULL,
                  actor_id TEXT,
                  actor_name TEXT,
                  action TEXT NOT NULL,
                  target_type TEXT NOT NULL,
                  target_id TEXT,
                  target_name TEXT)""",
                    "CREATE INDEX audit_log_by_time ON audit_log(at, id)"),
            // 3: changes to existing messages (edit, delete, reactions), replies, mentions and
            // per-membership notification levels.
            List.of(
                    "ALTER TABLE messages ADD COLUMN rev INTEGER NOT NULL DEFAULT 0",
                    "ALTER TABLE messages ADD COLUMN edited_at INTEGER",
                    "ALTER TABLE messages ADD COLUMN deleted_at INTEGER",
                    "ALTER TABLE messages ADD COLUMN reply_to_id TEXT",
                    "ALTER TABLE messages ADD COLUMN mentions TEXT",
                    "ALTER TABLE messages ADD COLUMN reactions TEXT",
                    // Partial: a new message (rev 0) costs no entry here.
                    "CREATE INDEX messages_by_rev ON messages(room_id, rev) WHERE rev > 0",
                    """
                CREATE TABLE message_changes (
                  room_id TEXT NOT NULL,
                  rev INTEGER NOT NULL,
                  message_id TEXT NOT NULL,
                  PRIMARY KEY (room_id, rev)) WITHOUT ROWID""",
                    """
                CREATE TABLE mentions (
                  room_id TEXT NOT NULL,
                  user_id TEXT NOT NULL,
                  seq INTEGER NOT NULL,
                  PRIMARY KEY (user_id, room_id, seq)) WITHOUT ROWID""",
                    "CREATE INDEX mentions_by_message ON mentions(room_id, seq)",
                    "ALTER TABLE members ADD COLUMN notify TEXT NOT NULL DEFAULT 'all'"),
            // 4: finding people (display names by prefix), avatars, blocks, direct messages,
            // public rooms and invite links. SQLite's lower() folds ASCII only; names stored
            // from now on get Java's full lowercase.
            List.of(
                    "ALTER TABLE users ADD COLUMN display_name_key TEXT NOT NULL DEFAULT ''",
                    "UPDATE users SET display_name_key = lower(display_name)",
                    "CREATE INDEX users_by_display_name ON users(display_name_key)",
                    "ALTER TABLE users ADD COLUMN avatar_version INTEGER NOT NULL DEFAULT 0",
                    """
                CREATE TABLE avatars (
                  user_id TEXT PRIMARY KEY,
                  image BLOB NOT NULL) WITHOUT ROWID""",
                    """
                CREATE TABLE blocks (
                  user_id TEXT NOT NULL,
                  blocked_id TEXT NOT NULL,
                  created_at INTEGER NOT NULL,
                  PRIMARY KEY (user_id, blocked_id)) WITHOUT ROWID""",
                    "ALTER TABLE rooms ADD COLUMN visibility TEXT NOT NULL DEFAULT 'private'",
                    "ALTER TABLE rooms ADD COLUMN direct_key TEXT",
                    "CREATE UNIQUE INDEX rooms_by_direct_key ON rooms(direct_key)",
                    "CREATE INDEX rooms_public ON rooms(visibility, created_at, id)",
                    """
                CREATE TABLE invites (
                  token TEXT PRIMARY KEY,
                  room_id TEXT NOT NULL,
                  created_by TEXT NOT NULL,
                  created_at INTEGER NOT NULL,
                  expires_at INTEGER,
                  max_uses INTEGER,
                  uses INTEGER NOT NULL DEFAULT 0)""",
                    "CREATE INDEX invites_by_room ON invites(room_id, created_at)"),
            // 5: full-text search (FTS5) over the text of messages that are not deleted. The
            // triggers keep it in step inside each message write's own transaction; the two
            // INSERTs index the messages already stored, oldest first.
            List.of(
                    """
                CREATE TABLE message_search_rows (
                  id INTEGER PRIMARY KEY,
                  room_id TEXT NOT NULL,
                  seq INTEGER NOT NULL,
                  UNIQUE (room_id, seq))""",
                    // prefix: every query word is a prefix ("harb" finds "harbour"); without these
                    // indexes FTS5 merges the lists of every word that starts with it before the
                    // first row comes out, which for a common word is most of the table.
                    """
                CREATE VIRTUAL TABLE message_search USING fts5(
                  body, tokenize = 'unicode61 remove_diacritics 0', prefix = '1 2 3 4 5 6')""",
                    """
                INSERT INTO message_search_rows (room_id, seq)
                  SELECT room_id, seq FROM messages WHERE kind = 'text' AND deleted_at IS NULL
                  ORDER BY created_at, room_id, seq""",
                    """
                INSERT INTO message_search (rowid, body)
                  SELECT r.id, m.body FROM message_search_rows r
                  JOIN messages m ON m.room_id = r.room_id AND m.seq = r.seq""",
                    """
                CREATE TRIGGER message_search_on_insert AFTER INSERT ON messages
                WHEN new.kind = 'text' AND new.deleted_at IS NULL BEGIN
                  INSERT INTO message_search_rows (room_id, seq) VALUES (new.room_id, new.seq);
                  INSERT INTO message_search (rowid, body) VALUES (last_insert_rowid(), new.body);
                END""",
                    """
                CREATE TRIGGER message_search_on_update AFTER UPDATE OF body, deleted_at ON messages
                WHEN old.body IS NOT new.body OR old.deleted_at IS NOT new.deleted_at BEGIN
                  DELETE FROM message_search WHERE rowid =
                    (SELECT id FROM message_search_rows WHERE room_id = old.room_id AND seq = old.seq);
                  INSERT INTO message_search (rowid, body)
                    SELECT id, new.body FROM message_search_rows
                    WHERE room_id = new.room_id AND seq = new.seq AND new.deleted_at IS NULL;
                  DELETE FROM message_search_rows
                    WHERE room_id = old.room_id AND seq = old.seq AND new.deleted_at IS NOT NULL;
                END""",
                    """
                CREATE TRIGGER message_search_on_delete AFTER DELETE ON messages BEGIN
                  DELETE FROM message_search WHERE rowid =
                    (SELECT id FROM message_search_rows WHERE room_id = old.room_id AND seq = old.seq);
                  DELETE FROM message_search_rows WHERE room_id = old.room_id AND seq = old.seq;
                END"""),
            // 6: uploaded files; their bytes live beside the database, under files/.
            List.of("""
                CREATE TABLE files (
                  id TEXT PRIMARY KEY,
                  room_id TEXT NOT NULL,
                  uploader_id TEXT NOT NULL,
                  name TEXT NOT NULL,
                  media_type TEXT NOT NULL,
                  size INTEGER NOT NULL,
                  image INTEGER NOT NULL,
                  width INTEGER NOT NULL,
                  height INTEGER NOT NULL,
                  created_at INTEGER NOT NULL,
                  message_id TEXT)""", "CREATE INDEX files_by_message ON files(message_id) WHERE message_id IS NOT NULL"),
            // 7: a new message is indexed for search at the end of its batch, not by its own
            // trigger. FTS5 writes what it holds in memory to a new segment of the index at every
            // savepoint, and each write of a batch has its own, so indexing inside it made one
            // segment per message (and the merges of them) and halved the sends per second. Its
            // trigger now only queues it in message_search_pending, which END_OF_BATCH empties
            // into the index, outside any savepoint, before the batch commits. An edit or
            // deletion of a message still queued leaves the index to that step.
            List.of(
                    "CREATE TABLE message_search_pending (id INTEGER PRIMARY KEY)",
                    "DROP TRIGGER message_search_on_insert",
                    """
                CREATE TRIGGER message_search_on_insert AFTER INSERT ON messages
                WHEN new.kind = 'text' AND new.deleted_at IS NULL BEGIN
                  INSERT INTO message_search_rows (room_id, seq) VALUES (new.room_id, new.seq);
                  INSERT INTO message_search_pending (id) VALUES (last_insert_rowid());
                END""",
                    "DROP TRIGGER message_search_on_update",
                    """
                CREATE TRIGGER message_search_on_update AFTER UPDATE OF body, deleted_at ON messages
                WHEN old.body IS NOT new.body OR old.deleted_at IS NOT new.deleted_at BEGIN
                  DELETE FROM message_search WHERE rowid =
                    (SELECT id FROM message_search_rows WHERE room_id = old.room_id AND seq = old.seq);
                  INSERT INTO message_search (rowid, body)
                    SELECT id, new.body FROM message_search_rows
                    WHERE room_id = new.room_id AND seq = new.seq AND new.deleted_at IS NULL
                      AND id NOT IN (SELECT id FROM message_search_pending);
                  DELETE FROM message_search_pending WHERE new.deleted_at IS NOT NULL AND id =
                    (SELECT id FROM message_search_rows WHERE room_id = old.room_id AND seq = old.seq);
                  DELETE FROM message_search_rows
                    WHERE room_id = old.room_id AND seq = old.seq AND new.deleted_at IS NOT NULL;
                END""",
                    "DROP TRIGGER message_search_on_delete",
                    """
                CREATE TRIGGER message_search_on_delete AFTER DELETE ON messages BEGIN
                  DELETE FROM message_search WHERE rowid =
                    (SELECT id FROM message_search_rows WHERE room_id = old.room_id AND seq = old.seq);
                  DELETE FROM message_search_pending WHERE id =
                    (SELECT id FROM message_search_rows WHERE room_id = old.room_id AND seq = old.seq);
                  DELETE FROM message_search_rows WHERE room_id = old.room_id AND seq = old.seq;
                END"""),
            // 8: a room's files, found to delete them with the room (and the rooms that have any,
            // for the sweep at start).
            List.of("CREATE INDEX files_by_room ON files(room_id)"));

    /**
     * Run by the writer after the writes of each batch, outside their savepoints, and once at
     * start: indexes the messages queued for search (see migration 7), in one go per commit.
     */
    static final List<String> END_OF_BATCH = List.of("""
            INSERT INTO message_search (rowid, body)
              SELECT p.id, m.body FROM message_search_pending p
              JOIN message_search_rows r ON r.id = p.id
              JOIN messages m ON m.room_id = r.room_id AND m.seq = r.seq""", "DELETE FROM message_search_pending");

    private SqliteSchema() {}

    static void migrate(Connection connection) throws SQLException {
        migrate(connection, MIGRATIONS.size());
    }

    /** Runs the migrations up to schema version {@code target}; tests make older files with it. */
    static void migrate(Connection connection, int target) throws SQLException {
        int current;
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            current = rs.getInt(1);
        }
        if (current > MIGRATIONS.size()) {
            throw new SQLException("the database has schema version " + current + " but this build knows only up to "
                    + MIGRATIONS.size() + "; use a newer build");
        }
        for (int version = current; version < target; version++) {
            connection.setAutoCommit(false);
            try (Statement s = connection.createStatement()) {
                for (String sql : MIGRATIONS.get(version)) {
                    s.execute(sql);
                }
                s.execute("PRAGMA user_version = " + (version + 1));
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
            log.info("SQLite schema migrated to version {}", version + 1);
        }
    }
}
