package io.friendchat.server.ui;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Base of the browser test classes: one real server per class; each test opens its own browsers. */
abstract class BrowserTest {
    @TempDir
    static Path dataDir;

    static UiSession ui;

    @BeforeAll
    static void startServer() {
        ui = new UiSession(dataDir);
    }

    @AfterAll
    static void stopServer() {
        if (ui != null) {
            ui.close();
            ui = null;
        }
    }
}
