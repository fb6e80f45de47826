package io.friendchat.server.store.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.friendchat.server.file.FileStore;
import io.friendchat.server.search.MessageSearch;
import io.friendchat.server.store.DataStore;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/**
 * The production backend. It is written for MongoDB 7/8 and for the in-process test server
 * alike: no transactions, no {@code $text} (search uses a words array, see MongoMessageSearch), no reliance on TTL indexes (expired sessions are
 * swept), plain unique indexes for every lookup, created once here at start.
 */
public final class MongoDataStore implements DataStore {
    public static final String DEFAULT_DATABASE = "friendchat";

    private final MongoClient client;
    private final MongoDatabase database;
    private final Stores stores;
    private final MongoMessageStore messages;
    private final MongoMessageSearch search;
    private final MongoFileStore files;

    public MongoDataStore(String uri) {
        ConnectionString connection = new ConnectionString(uri);
        MongoClientSettings.Builder settings = MongoClientSettings.builder().applyConnectionString(connection);
        if (!uri.toLowerCase(Locale.ROOT).contains("serverselectiontimeoutms")) {
            // The driver waits 30 s by default; a health check or a request should fail faster.
            settings.applyToClusterSettings(b -> b.serverSelectionTimeout(5, TimeUnit.SECONDS));
        }
        if (connection.getWriteConcern() == null) {
            // Acknowledged only once a majority of the replica set has it in its journal: a send
            // is never acknowledged to a user and then lost to a failover.
            settings.writeConcern(WriteConcern.MAJORITY.withJournal(true));
        }
        client = MongoClients.create(settings.build());
        String name =
                connection.getDatabase() == null || connection.getDatabase().isBlank()
                        ? DEFAULT_DATABASE
                        : connection.getDatabase();
        database = client.getDatabase(name);
        MongoUserStore users = new MongoUserStore(database);
        MongoSessionStore sessions = new MongoSessionStore(database);
        MongoMemberStore members = new MongoMemberStore(database);
        messages = new MongoMessageStore(database, members);
        users.createIndexes();
        sessions.createIndexes();
        members.createIndexes();
        messages.createIndexes();
        search = new MongoMessageSearch(database);
        search.createIndexes();
        files = new MongoFileStore(database);
        files.createIndexes();
        MongoAuditStore audit = new MongoAuditStore(database);
        audit.createIndexes();
        MongoRoomStore rooms = new MongoRoomStore(database);
        rooms.createIndexes();
        MongoInviteStore invites = new MongoInviteStore(database);
        invites.createIndexes();
        MongoBlockStore blocks = new MongoBlockStore(database);
        blocks.createIndexes();
        stores = new Stores(users, sessions, rooms, members, messages, audit, invites, blocks);
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
    public String kind() {
        return "mongo";
    }

    @Override
    public boolean isHealthy() {
        try {
            return database.runCommand(new Document("ping", 1))
                            .get("ok", Number.class)
                            .intValue()
                    == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * How many message inserts lost their seq to another writer (another node) and took the next
     * one: a measure of how often nodes append to the same rooms at once.
     */
    public long seqCollisions() {
        return messages.seqCollisions();
    }

    /** MongoDB is backed up with its own tools; a copy taken from here would not be consistent. */
    @Override
    public void backup(Path target) {
        throw new UnsupportedOperationException(
                "the MongoDB store is backed up with MongoDB's own tools: use mongodump (with --oplog on a replica"
                        + " set for a consistent copy), or your host's snapshots");
    }

    @Override
    public void close() {
        messages.close();
        client.close();
    }
}
