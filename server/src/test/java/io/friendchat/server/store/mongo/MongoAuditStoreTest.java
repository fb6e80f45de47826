package io.friendchat.server.store.mongo;

import io.friendchat.server.store.AuditStoreContract;
import io.friendchat.server.testing.Backend;

class MongoAuditStoreTest extends AuditStoreContract {
    MongoAuditStoreTest() {
        super(Backend.MONGO);
    }
}
