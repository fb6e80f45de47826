package io.friendchat.server.realtime;

import io.friendchat.server.testing.Backend;

class MongoRealtimeTest extends RealtimeContract {
    MongoRealtimeTest() {
        super(Backend.MONGO);
    }
}
