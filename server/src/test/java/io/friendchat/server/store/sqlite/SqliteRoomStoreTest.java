package io.friendchat.server.store.sqlite;

import io.friendchat.server.store.RoomStoreContract;
import io.friendchat.server.testing.Backend;

class SqliteRoomStoreTest extends RoomStoreContract {
    SqliteRoomStoreTest() {
        super(Backend.SQLITE);
    }
}
