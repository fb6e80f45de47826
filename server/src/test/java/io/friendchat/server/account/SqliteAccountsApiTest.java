package io.friendchat.server.account;

import io.friendchat.server.testing.Backend;

class SqliteAccountsApiTest extends AccountsApiContract {
    SqliteAccountsApiTest() {
        super(Backend.SQLITE);
    }
}
