package io.friendchat.server.store.mongo;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.friendchat.server.account.User;
import io.friendchat.server.account.UserStore;
import io.friendchat.server.common.ConflictException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

final class MongoUserStore implements UserStore {
    private static final String USERNAME_INDEX = "users_username_key";
    private static final String EMAIL_INDEX = "users_email_key";

    private final MongoCollection<Document> users;
    private final MongoCollection<Document> avatars;

    MongoUserStore(MongoDatabase database) {
        users = database.getCollection("users");
        avatars = database.getCollection("avatars");
    }

    void createIndexes() {
        users.createIndex(
                Indexes.ascending("usernameKey"),
                new IndexOptions().unique(true).name(USERNAME_INDEX));
        users.createIndex(
                Indexes.ascending("emailKey"), new IndexOptions().unique(true).name(EMAIL_INDEX));
        users.createIndex(Indexes.ascending("displayNameKey"));
        // Users stored before display names were searchable get their key once.
        for (Document d : users.find(Filters.exists("displayNameKey", false))) {
            users.updateOne(
                    eq("_id", d.getString("_id")),
                    Updates.set("displayNameKey", User.caseKey(d.getString("displayName"))));
        }
    }

    @Override
    public void create(User u) {
        Document doc = new Document("_id", u.id())
                .append("username", u.username())
                .append("usernameKey", User.caseKey(u.username()))
                .append("email", u.email())
                .append("emailKey", User.caseKey(u.email()))
                .append("displayName", u.displayName())
                .append("displayNameKey", User.caseKey(u.displayName()))
                .append("passwordHash", u.passwordHash())
                .append("createdAt", Docs.date(u.createdAt()))
                .append("admin", u.admin())
                .append("deactivated", u.deactivated())
                .append("avatarVersion", u.avatarVersion());
        try {
            users.insertOne(doc);
        } catch (RuntimeException e) {
            if (Docs.isDuplicateOn(e, USERNAME_INDEX)) {
                throw new ConflictException("username_taken", "That username is taken.");
            }
            if (Docs.isDuplicateOn(e, EMAIL_INDEX)) {
                throw new ConflictException("email_taken", "That email is already registered.");
            }
            throw e;
        }
    }

    @Override
    public Optional<User> findById(String id) {
        return findOne(eq("_id", id));
    }

    @Override
    public List<User> findByIds(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return users.find(Filters.in("_id", List.copyOf(ids)))
                .map(MongoUserStore::map)
                .into(new ArrayList<>());
    }

    @Override
    public Optional<User> findByUsername(String username) {
        return findOne(eq("usernameKey", User.caseKey(username)));
    }

    @Override
    public Optional<User> findByEmail(String email) {
        return findOne(eq("emailKey", User.caseKey(email)));
    }

    @Override
    public boolean updateDisplayName(String id, String displayName) {
        return users.updateOne(
                                eq("_id", id),
                                Updates.combine(
                                        Updates.set("displayName", displayName),
                                        Updates.set("displayNameKey", User.caseKey(displayName))))
                        .getMatchedCount()
                > 0;
    }

    @Override
    public boolean updatePasswordHash(String id, String passwordHash) {
        return users.updateOne(eq("_id", id), Updates.set("passwordHash", passwordHash))
                        .getMatchedCount()
                > 0;
    }

    @Override
    public boolean setAdmin(String id, boolean admin) {
        return users.updateOne(eq("_id", id), Updates.set("admin", admin)).getMatchedCount() > 0;
    }

    @Override
    public boolean setDeactivated(String id, boolean deactivated) {
        return users.updateOne(eq("_id", id), Updates.set("deactivated", deactivated))
                        .getMatchedCount()
                > 0;
    }

    @Override
    public List<User> listByUsername(String prefix, String after, int limit) {
        // A range on the unique index, as in the SQLite store: no regex is built from what was typed.
        String from = User.caseKey(prefix);
        List<Bson> range = new ArrayList<>(
                List.of(Filters.gte("usernameKey", from), Filters.lt("usernameKey", from + Character.MAX_VALUE)));
        if (after != null) {
            range.add(Filters.gt("usernameKey", User.caseKey(after)));
        }
        return users.find(Filters.and(range))
                .sort(Sorts.ascending("usernameKey"))
                .limit(limit)
                .map(MongoUserStore::map)
                .into(new ArrayList<>());
    }

    @Override
    public List<User> search(String prefix, int limit) {
        String from = User.caseKey(prefix);
        String to = from + Character.MAX_VALUE;
        return users.find(Filters.and(
                        Filters.or(
                                Filters.and(Filters.gte("usernameKey", from), Filters.lt("usernameKey", to)),
                                Filters.and(Filters.gte("displayNameKey", from), Filters.lt("displayNameKey", to))),
                        Filters.ne("deactivated", true)))
                .sort(Sorts.ascending("usernameKey"))
                .limit(limit)
                .map(MongoUserStore::map)
                .into(new ArrayList<>());
    }

    @Override
    public boolean setAvatar(String id, byte[] image, long version) {
        // No transactions: the image first, so a user never points at a version not stored yet.
        if (users.find(eq("_id", id)).first() == null) {
            return false;
        }
        avatars.replaceOne(
                eq("_id", id),
                new Document("_id", id).append("image", new org.bson.types.Binary(image)),
                new com.mongodb.client.model.ReplaceOptions().upsert(true));
        return users.updateOne(eq("_id", id), Updates.set("avatarVersion", version))
                        .getMatchedCount()
                > 0;
    }

    @Override
    public boolean clearAvatar(String id) {
        boolean existed =
                users.updateOne(eq("_id", id), Updates.set("avatarVersion", 0L)).getMatchedCount() > 0;
        avatars.deleteOne(eq("_id", id));
        return existed;
    }

    @Override
    public Optional<byte[]> findAvatar(String id) {
        return Optional.ofNullable(avatars.find(eq("_id", id)).first())
                .map(d -> d.get("image", org.bson.types.Binary.class).getData());
    }

    @Override
    public long count() {
        return users.countDocuments();
    }

    private Optional<User> findOne(Bson filter) {
        return Optional.ofNullable(users.find(filter).first()).map(MongoUserStore::map);
    }

    private static User map(Document d) {
        return new User(
                d.getString("_id"),
                d.getString("username"),
                d.getString("email"),
                d.getString("displayName"),
                d.getString("passwordHash"),
                Docs.instant(d, "createdAt"),
                // Users stored before these flags existed have neither: false.
                d.getBoolean("admin", false),
                d.getBoolean("deactivated", false),
                d.get("avatarVersion") instanceof Number n ? n.longValue() : 0L);
    }
}
