package io.friendchat.server.store.sqlite;

import io.friendchat.server.store.InviteStoreContract;
import io.friendchat.server.testing.Backend;

class SqliteInviteStoreTest extends InviteStoreContract {
    SqliteInviteStoreTest() {
        super(Backend.SQLITE);
    }
}
