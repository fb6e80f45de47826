package io.friendchat.server.store.sqlite;

import io.friendchat.server.store.DataStore;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;

/** The embedded default backend: one SQLite file, {@code friendchat.db}, in the data dir. */
public final class SqliteDataStore implements DataStore {
    public static final String FILE_NAME = "friendchat.db";

    private final SqliteDatabase db;
    private final Stores stores;

    public SqliteDataStore(Path dataDir) {
        db = new SqliteDatabase(dataDir.resolve(FILE_NAME));
        stores = new Stores(
                new SqliteUserStore(db),
                new SqliteSessionStore(db),
                new SqliteRoomStore(db),
                new SqliteMemberStore(db),
                new SqliteMessageStore(db));
    }

    @Override
    public Stores stores() {
        return stores;
    }

    @Override
    public String kind() {
        return "sqlite";
    }

    @Override
    public boolean isHealthy() {
        try {
            return db.read(c -> {
                try (Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT 1")) {
                    return rs.next();
                }
            });
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        db.close();
    }
}
