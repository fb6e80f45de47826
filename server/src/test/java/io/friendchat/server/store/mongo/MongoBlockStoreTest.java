package io.friendchat.server.store.mongo;

import io.friendchat.server.store.BlockStoreContract;
import io.friendchat.server.testing.Backend;

class MongoBlockStoreTest extends BlockStoreContract {
    MongoBlockStoreTest() {
        super(Backend.MONGO);
    }
}
