package io.friendchat.server.store.mongo;

import io.friendchat.server.store.RoomStoreContract;
import io.friendchat.server.testing.Backend;

class MongoRoomStoreTest extends RoomStoreContract {
    MongoRoomStoreTest() {
        super(Backend.MONGO);
    }
}
