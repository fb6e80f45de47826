package io.friendchat.server.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.friendchat.server.message.Message;
import io.friendchat.server.testing.ChildJvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteDurabilityTest {
    @TempDir
    Path tempDir;

    @Test
    void every_acknowledged_write_survives_sigkill() throws Exception {
        Process writer = ChildJvm.start(DurabilityWriter.class, Map.of(), tempDir, tempDir.toString());
        BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));
        long lastAck = 0;
        String line;
        while (lastAck < 300 && (line = out.readLine()) != null) {
            if (line.startsWith("ack ")) {
                lastAck = Long.parseLong(line.substring(4));
            }
        }
        writer.destroyForcibly(); // SIGKILL, in the middle of the burst
        assertTrue(writer.waitFor(30, TimeUnit.SECONDS));
        assertTrue(lastAck >= 300, "the writer acknowledged only " + lastAck + " writes");

        try (SqliteDataStore reopened = new SqliteDataStore(tempDir)) {
            List<Message> stored = reopened.messages().after("room", 0, 1_000_000);
            assertTrue(stored.size() >= lastAck, "acked " + lastAck + " but found " + stored.size());
            for (int i = 0; i < lastAck; i++) {
                assertEquals(i + 1, stored.get(i).seq());
                assertEquals("message " + (i + 1), stored.get(i).body());
            }
        }
    }
}
