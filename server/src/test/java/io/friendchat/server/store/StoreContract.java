package io.friendchat.server.store;

import io.friendchat.server.testing.Backend;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Opens a fresh store of one backend for each test; subclasses are one line per backend. */
public abstract class StoreContract {
    private final Backend backend;

    @TempDir
    Path tempDir;

    protected Backend.Target target;
    protected DataStore store;

    protected StoreContract(Backend backend) {
        this.backend = backend;
    }

    @BeforeEach
    void openStore() {
        target = backend.newTarget(tempDir);
        store = target.open();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    /** Closes the store and opens the same data again, as a restart would. */
    protected void reopen() {
        store.close();
        store = target.open();
    }
}
