package io.friendchat.server.store.sqlite;

import io.friendchat.server.file.FileStore;
import io.friendchat.server.search.MessageSearch;
import io.friendchat.server.store.DataStore;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.function.Consumer;

/** The embedded default backend: one SQLite file, {@code friendchat.db}, in the data dir. */
public final class SqliteDataStore implements DataStore {
    public static final String FILE_NAME = "friendchat.db";
    /** Where uploaded files are kept, in the data dir; a backup copies it with the database. */
    public static final String FILES_DIR = "files";

    private final SqliteDatabase db;
    private final Stores stores;
    private final SqliteMessageSearch search;
    private final SqliteFileStore files;

    public SqliteDataStore(Path dataDir) {
        db = new SqliteDatabase(dataDir.resolve(FILE_NAME));
        stores = new Stores(
                new SqliteUserStore(db),
                new SqliteSessionStore(db),
                new SqliteRoomStore(db),
                new SqliteMemberStore(db),
                new SqliteMessageStore(db),
                new SqliteAuditStore(db),
                new SqliteInviteStore(db),
                new SqliteBlockStore(db));
        search = new SqliteMessageSearch(db);
        files = new SqliteFileStore(db, dataDir.resolve(FILES_DIR));
    }

    @Override
    public Stores stores() {
        return stores;
    }

    @Override
    public MessageSearch messageSearch() {
        return search;
    }

    @Override
    public FileStore files() {
        return files;
    }

    @Override
    public void reportCompletionsIn(Consumer<Runnable> scope) {
        db.reportCommitsIn(scope);
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

    /**
     * Writes a consistent copy of the database to {@code target} with {@code VACUUM INTO}, while
     * the server may be writing: the copy is one read transaction, so it holds every write
     * committed before it began and none after, and WAL mode lets writers go on meanwhile.
     */
    @Override
    public void backup(Path target) {
        db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("VACUUM INTO ?")) {
                s.setString(1, target.toAbsolutePath().toString());
                s.execute();
            }
            return null;
        });
    }

    @Override
    public void close() {
        db.close();
    }
}
