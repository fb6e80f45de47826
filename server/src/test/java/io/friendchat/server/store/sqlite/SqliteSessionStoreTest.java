package io.friendchat.server.store.sqlite;

import io.friendchat.server.store.SessionStoreContract;
import io.friendchat.server.testing.Backend;

class SqliteSessionStoreTest extends SessionStoreContract {
    SqliteSessionStoreTest() {
        super(Backend.SQLITE);
    }
}
