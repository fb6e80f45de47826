package io.friendchat.server.web;

import static io.friendchat.server.testing.ApiClient.password;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.friendchat.server.testing.ApiClient;
import io.friendchat.server.testing.Backend;
import io.friendchat.server.testing.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Reads every log line the server wrote during account flows and looks for secrets in them. */
class NoSecretsInLogsTest {
    @TempDir
    Path tempDir;

    @Test
    void no_password_hash_token_or_cookie_value_reaches_the_log() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        List<String> secrets = new ArrayList<>();
        try (TestServer server = TestServer.start(Backend.SQLITE, tempDir)) {
            ApiClient yan = server.client().signup("yan");
            secrets.add(password("yan"));
            secrets.add(yan.sessionToken());
            server.client().post("/api/auth/login", "{\"login\":\"yan\",\"password\":\"wrong but secret 123\"}");
            secrets.add("wrong but secret 123");
            ApiClient again = server.client();
            again.post("/api/auth/login", "{\"login\":\"yan\",\"password\":\"" + password("yan") + "\"}");
            secrets.add(again.sessionToken());
            again.post("/api/me/password", "{\"current\":\"" + password("yan") + "\",\"new\":\"my next secret 456\"}");
            secrets.add("my next secret 456");
            again.get("/api/me?token=" + again.sessionToken());
            again.post("/api/auth/logout", null);
            server.client().withSessionToken(yan.sessionToken()).get("/api/me");
            secrets.add(server.server()
                    .store()
                    .users()
                    .findByUsername("yan")
                    .orElseThrow()
                    .passwordHash());
        } finally {
            root.detachAppender(captured);
        }

        List<String> lines = new ArrayList<>();
        for (ILoggingEvent event : captured.list) {
            lines.add(event.getFormattedMessage());
            if (event.getThrowableProxy() != null) {
                lines.add(ThrowableProxyUtil.asString(event.getThrowableProxy()));
            }
        }
        assertTrue(
                lines.stream().anyMatch(l -> l.contains("POST /api/auth/login 401")),
                "the request log must have been captured: " + lines);
        for (String line : lines) {
            for (String secret : secrets) {
                assertFalse(line.contains(secret), "a secret reached the log: " + line);
            }
            assertFalse(line.contains("fc_session="), "a cookie reached the log: " + line);
            assertFalse(line.contains("$argon2"), "a password hash reached the log: " + line);
        }
    }
}
