package io.friendchat.server.search;

import io.friendchat.server.testing.Backend;

class MongoSearchApiTest extends SearchApiContract {
    MongoSearchApiTest() {
        super(Backend.MONGO);
    }
}
