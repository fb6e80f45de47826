package io.friendchat.server.account;

import io.friendchat.server.testing.Backend;

class MongoAccountsApiTest extends AccountsApiContract {
    MongoAccountsApiTest() {
        super(Backend.MONGO);
    }
}
