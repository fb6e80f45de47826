package io.friendchat.server.store.mongo;

import io.friendchat.server.store.FileStoreContract;
import io.friendchat.server.testing.Backend;

class MongoFileStoreTest extends FileStoreContract {
    MongoFileStoreTest() {
        super(Backend.MONGO);
    }
}
