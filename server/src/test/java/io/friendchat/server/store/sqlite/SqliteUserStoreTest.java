package io.friendchat.server.store.sqlite;

import io.friendchat.server.store.UserStoreContract;
import io.friendchat.server.testing.Backend;

class SqliteUserStoreTest extends UserStoreContract {
    SqliteUserStoreTest() {
        super(Backend.SQLITE);
    }
}
