package io.friendchat.server.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Assertions on error answers: HTTP {@code {code, message}} bodies and socket ack errors. */
public final class Problems {
    private Problems() {}

    /** The answer has this status and code, and a message for people. */
    public static void assertError(TestServer.Response r, int status, String code) {
        assertEquals(status, r.status(), r.body());
        assertEquals(code, r.json().get("code").asText(), r.body());
        assertFalse(r.json().get("message").asText().isBlank(), r.body());
    }

    /** The socket ack is {@code {error: {code, message}}} with this code. */
    public static void assertAckError(JsonNode ack, String code) {
        assertEquals(code, ack.at("/error/code").asText(), String.valueOf(ack));
        assertFalse(ack.at("/error/message").asText().isBlank(), String.valueOf(ack));
    }

    /** The text names none of the JSON library's classes, methods or settings. */
    public static void assertNoLibraryInternals(String text) {
        for (String leak : List.of("StreamReadConstraints", "getMax", "`", "jackson", "fasterxml", "()")) {
            assertFalse(text.contains(leak), "names library internals: " + text);
        }
    }
}
