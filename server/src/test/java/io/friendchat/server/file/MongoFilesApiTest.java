package io.friendchat.server.file;

import io.friendchat.server.testing.Backend;

class MongoFilesApiTest extends FilesApiContract {
    MongoFilesApiTest() {
        super(Backend.MONGO);
    }
}
