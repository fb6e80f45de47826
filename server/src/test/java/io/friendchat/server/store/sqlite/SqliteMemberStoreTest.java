package io.friendchat.server.store.sqlite;

import io.friendchat.server.store.MemberStoreContract;
import io.friendchat.server.testing.Backend;

class SqliteMemberStoreTest extends MemberStoreContract {
    SqliteMemberStoreTest() {
        super(Backend.SQLITE);
    }
}
