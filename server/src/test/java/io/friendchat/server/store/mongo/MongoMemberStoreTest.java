package io.friendchat.server.store.mongo;

import io.friendchat.server.store.MemberStoreContract;
import io.friendchat.server.testing.Backend;

class MongoMemberStoreTest extends MemberStoreContract {
    MongoMemberStoreTest() {
        super(Backend.MONGO);
    }
}
