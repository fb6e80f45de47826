package io.friendchat.server.realtime;

import io.friendchat.server.testing.Backend;

class SqliteRealtimeTest extends RealtimeContract {
    SqliteRealtimeTest() {
        super(Backend.SQLITE);
    }
}
