package io.friendchat.server.store.sqlite;

import io.friendchat.server.store.AuditStoreContract;
import io.friendchat.server.testing.Backend;

class SqliteAuditStoreTest extends AuditStoreContract {
    SqliteAuditStoreTest() {
        super(Backend.SQLITE);
    }
}
