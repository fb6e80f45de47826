package io.friendchat.server.room;

import io.friendchat.server.testing.Backend;

class MongoRoomsApiTest extends RoomsApiContract {
    MongoRoomsApiTest() {
        super(Backend.MONGO);
    }
}
