package io.friendchat.server.store.sqlite;

import io.friendchat.server.store.FileStoreContract;
import io.friendchat.server.testing.Backend;

class SqliteFileStoreTest extends FileStoreContract {
    SqliteFileStoreTest() {
        super(Backend.SQLITE);
    }
}
