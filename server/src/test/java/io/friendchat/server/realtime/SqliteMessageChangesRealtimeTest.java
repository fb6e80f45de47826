package io.friendchat.server.realtime;

import io.friendchat.server.testing.Backend;

class SqliteMessageChangesRealtimeTest extends MessageChangesRealtimeContract {
    SqliteMessageChangesRealtimeTest() {
        super(Backend.SQLITE);
    }
}
