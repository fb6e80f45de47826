package io.friendchat.server.file;

import io.friendchat.server.testing.Backend;

class SqliteFilesApiTest extends FilesApiContract {
    SqliteFilesApiTest() {
        super(Backend.SQLITE);
    }
}
