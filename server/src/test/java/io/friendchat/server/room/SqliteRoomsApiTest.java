package io.friendchat.server.room;

import io.friendchat.server.testing.Backend;

class SqliteRoomsApiTest extends RoomsApiContract {
    SqliteRoomsApiTest() {
        super(Backend.SQLITE);
    }
}
