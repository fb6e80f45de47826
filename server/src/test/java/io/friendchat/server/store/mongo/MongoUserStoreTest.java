package io.friendchat.server.store.mongo;

import io.friendchat.server.store.UserStoreContract;
import io.friendchat.server.testing.Backend;

class MongoUserStoreTest extends UserStoreContract {
    MongoUserStoreTest() {
        super(Backend.MONGO);
    }
}
