package io.friendchat.server.people;

import io.friendchat.server.testing.Backend;

class MongoSharingApiTest extends SharingApiContract {
    MongoSharingApiTest() {
        super(Backend.MONGO);
    }
}
