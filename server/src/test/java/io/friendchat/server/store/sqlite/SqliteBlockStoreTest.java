package io.friendchat.server.store.sqlite;

import io.friendchat.server.store.BlockStoreContract;
import io.friendchat.server.testing.Backend;

class SqliteBlockStoreTest extends BlockStoreContract {
    SqliteBlockStoreTest() {
        super(Backend.SQLITE);
    }
}
