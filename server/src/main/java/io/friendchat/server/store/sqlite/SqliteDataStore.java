package io.friendchat.server.store.sqlite;

import io.friendchat.server.account.SessionStore;
import io.friendchat.server.account.UserStore;
import io.friendchat.server.message.MessageStore;
import io.friendchat.server.room.MemberStore;
import io.friendchat.server.room.RoomStore;
import io.friendchat.server.store.DataStore;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;

/** The embedded default backend: one SQLite file, {@code friendchat.db}, in the data dir. */
public final class SqliteDataStore implements DataStore {
    public static final String FILE_NAME = "friendchat.db";

    private final SqliteDatabase db;
    private final SqliteUserStore users;
    private final SqliteSessionStore sessions;
    private final SqliteRoomStore rooms;
    private final SqliteMemberStore members;
    private final SqliteMessageStore messages;

    public SqliteDataStore(Path dataDir) {
        db = new SqliteDatabase(dataDir.resolve(FILE_NAME));
        users = new SqliteUserStore(db);
        sessions = new SqliteSessionStore(db);
        rooms = new SqliteRoomStore(db);
        members = new SqliteMemberStore(db);
        messages = new SqliteMessageStore(db);
    }

    @Override
    public String kind() {
        return "sqlite";
    }

    @Override
    public boolean isHealthy() {
        try {
            return db.read(c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
                    return rs.next();
                }
            });
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public UserStore users() {
        return users;
    }

    @Override
    public SessionStore sessions() {
        return sessions;
    }

    @Override
    public RoomStore rooms() {
        return rooms;
    }

    @Override
    public MemberStore members() {
        return members;
    }

    @Override
    public MessageStore messages() {
        return messages;
    }

    @Override
    public void close() {
        db.close();
    }
}
