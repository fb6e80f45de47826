package io.friendchat.server.store.mongo;

import io.friendchat.server.store.SessionStoreContract;
import io.friendchat.server.testing.Backend;

class MongoSessionStoreTest extends SessionStoreContract {
    MongoSessionStoreTest() {
        super(Backend.MONGO);
    }
}
