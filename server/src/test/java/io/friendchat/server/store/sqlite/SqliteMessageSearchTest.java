package io.friendchat.server.store.sqlite;

import io.friendchat.server.store.MessageSearchContract;
import io.friendchat.server.testing.Backend;

class SqliteMessageSearchTest extends MessageSearchContract {
    SqliteMessageSearchTest() {
        super(Backend.SQLITE);
    }
}
