package io.friendchat.server.store.mongo;

import io.friendchat.server.store.InviteStoreContract;
import io.friendchat.server.testing.Backend;

class MongoInviteStoreTest extends InviteStoreContract {
    MongoInviteStoreTest() {
        super(Backend.MONGO);
    }
}
