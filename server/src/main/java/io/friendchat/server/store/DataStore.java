package io.friendchat.server.store;

import io.friendchat.server.account.SessionStore;
import io.friendchat.server.account.UserStore;
import io.friendchat.server.message.MessageStore;
import io.friendchat.server.room.MemberStore;
import io.friendchat.server.room.RoomStore;

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

    record Stores(
            UserStore users, SessionStore sessions, RoomStore rooms, MemberStore members, MessageStore messages) {}

    /** Flushes and releases the backend; later calls fail. */
    @Override
    void close();
}
