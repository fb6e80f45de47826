package io.friendchat.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.friendchat.server.testing.Backend;
import io.friendchat.server.testing.TestServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HealthTest {
    @TempDir
    Path tempDir;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void healthz_answers_ok_and_names_the_store(Backend backend) {
        try (TestServer server = TestServer.start(backend, tempDir)) {
            TestServer.Response response = server.get("/healthz");

            assertEquals(200, response.status());
            assertEquals("ok", response.json().get("status").asText());
            assertEquals(
                    backend.name().toLowerCase(), response.json().get("store").asText());
        }
    }

    @Test
    void healthz_answers_503_when_mongo_goes_away() {
        MongoServer mongo = new MongoServer(new MemoryBackend());
        mongo.bind("127.0.0.1", 0);
        InetSocketAddress address = mongo.getLocalAddress();
        String uri = "mongodb://127.0.0.1:" + address.getPort() + "/fc?serverSelectionTimeoutMS=1000";
        try (TestServer server = TestServer.start(Map.of(
                "PORT",
                "0",
                "FRIENDCHAT_HOST",
                "127.0.0.1",
                "FRIENDCHAT_DATA_DIR",
                tempDir.toString(),
                "MONGO_URI",
                uri))) {
            assertEquals(200, server.get("/healthz").status());

            mongo.shutdownNow();

            TestServer.Response response = server.get("/healthz");
            assertEquals(503, response.status());
            assertEquals("unavailable", response.json().get("status").asText());
            assertEquals("mongo", response.json().get("store").asText());
        } finally {
            mongo.shutdownNow();
        }
    }
}
