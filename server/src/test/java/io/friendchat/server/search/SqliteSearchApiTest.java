package io.friendchat.server.search;

import io.friendchat.server.testing.Backend;

class SqliteSearchApiTest extends SearchApiContract {
    SqliteSearchApiTest() {
        super(Backend.SQLITE);
    }
}
