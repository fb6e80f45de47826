package io.friendchat.server.store.mongo;

import io.friendchat.server.store.MessageStoreContract;
import io.friendchat.server.testing.Backend;

class MongoMessageStoreTest extends MessageStoreContract {
    MongoMessageStoreTest() {
        super(Backend.MONGO);
    }
}
