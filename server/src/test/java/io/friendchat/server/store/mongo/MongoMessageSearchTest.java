package io.friendchat.server.store.mongo;

import io.friendchat.server.store.MessageSearchContract;
import io.friendchat.server.testing.Backend;

class MongoMessageSearchTest extends MessageSearchContract {
    MongoMessageSearchTest() {
        super(Backend.MONGO);
    }
}
