package io.friendchat.server.store.sqlite;

import io.friendchat.server.store.MessageStoreContract;
import io.friendchat.server.testing.Backend;

class SqliteMessageStoreTest extends MessageStoreContract {
    SqliteMessageStoreTest() {
        super(Backend.SQLITE);
    }
}
