package io.friendchat.server.people;

import io.friendchat.server.testing.Backend;

class SqliteSharingApiTest extends SharingApiContract {
    SqliteSharingApiTest() {
        super(Backend.SQLITE);
    }
}
