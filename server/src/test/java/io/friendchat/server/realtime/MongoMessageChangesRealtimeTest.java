package io.friendchat.server.realtime;

import io.friendchat.server.testing.Backend;

class MongoMessageChangesRealtimeTest extends MessageChangesRealtimeContract {
    MongoMessageChangesRealtimeTest() {
        super(Backend.MONGO);
    }
}
