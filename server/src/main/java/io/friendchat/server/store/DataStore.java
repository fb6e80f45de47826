package io.friendchat.server.store;

import io.friendchat.server.account.SessionStore;
import io.friendchat.server.account.UserStore;
import io.friendchat.server.admin.AuditStore;
import io.friendchat.server.file.FileStore;
import io.friendchat.server.message.MessageStore;
import io.friendchat.server.people.BlockStore;
import io.friendchat.server.room.InviteStore;
import io.friendchat.server.room.MemberStore;
import io.friendchat.server.room.RoomStore;
import io.friendchat.server.search.MessageSearch;
import java.util.function.Consumer;

/** One storage backend: its stores for every aggregate, a health probe, and its lifecycle. */
public interface DataStore extends AutoCloseable {
    /** {@code "sqlite"} or {@code "mongo"}, as shown by {@code /healthz}. */
    String kind();

    /** True when the backend answers a trivial query now. Never throws. */
    boolean isHealthy();

    /** The backend's store for every aggregate. */
    Stores stores();

    default UserStore users() {
        return stores().users();
    }

    default SessionStore sessions() {
        return stores().sessions();
    }

    default RoomStore rooms() {
        return stores().rooms();
    }

    default MemberStore members() {
        return stores().members();
    }

    default MessageStore messages() {
        return stores().messages();
    }

    default AuditStore audit() {
        return stores().audit();
    }

    default InviteStore invites() {
        return stores().invites();
    }

    default BlockStore blocks() {
        return stores().blocks();
    }

    /**
     * Runs each group of write completions that the backend reports together (the writes of one
     * SQLite commit) inside {@code scope}, so that what they send can leave together. By default,
     * and for backends that complete writes one by one, it does nothing.
     */
    default void reportCompletionsIn(Consumer<Runnable> scope) {}

    /** Full-text search over the messages, kept in step with them by the backend. */
    MessageSearch messageSearch();

    /** Uploaded files, their bytes kept by the backend (files in the data dir, or GridFS). */
    FileStore files();

    record Stores(
            UserStore users,
            SessionStore sessions,
            RoomStore rooms,
            MemberStore members,
            MessageStore messages,
            AuditStore audit,
            InviteStore invites,
            BlockStore blocks) {}

    /**
     * Writes a consistent copy of the whole store to {@code target}, a file that must not exist
     * yet, while the server may be running.
     *
     * @throws UnsupportedOperationException when the backend is backed up with its own tools
     */
    default void backup(java.nio.file.Path target) {
        throw new UnsupportedOperationException("the " + kind() + " store cannot be backed up from here");
    }

    /** Flushes and releases the backend; later calls fail. */
    @Override
    void close();
}
