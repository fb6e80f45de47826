package io.friendchat.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.friendchat.server.testing.Backend;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

public abstract class BlockStoreContract extends StoreContract {
    protected BlockStoreContract(Backend backend) {
        super(backend);
    }

    @Test
    void a_block_is_one_way_and_can_be_lifted() {
        assertTrue(store.blocks().block("alice", "bob", Instant.now()));
        assertFalse(store.blocks().block("alice", "bob", Instant.now()), "already blocked");

        assertTrue(store.blocks().isBlocked("alice", "bob"));
        assertFalse(store.blocks().isBlocked("bob", "alice"));
        assertEquals(List.of("bob"), store.blocks().listBlocked("alice"));

        assertTrue(store.blocks().unblock("alice", "bob"));
        assertFalse(store.blocks().unblock("alice", "bob"));
        assertFalse(store.blocks().isBlocked("alice", "bob"));
    }
}
