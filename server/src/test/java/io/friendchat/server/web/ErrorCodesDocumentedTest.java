package io.friendchat.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.friendchat.server.testing.Backend;
import io.friendchat.server.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The error codes in docs/api.md and docs/protocol.md are exactly the ones the server sends.
 * Codes are read from the sources where they are written (the domain exceptions, the error
 * table, the socket handlers) and, for codes that the error table derives from an HTTP status,
 * from a live answer.
 */
class ErrorCodesDocumentedTest {
    private static final Path SOURCES = Path.of("src", "main", "java", "io", "friendchat", "server");
    private static final Path DOCS = Path.of("..", "docs");
    /** Where a code is written: an exception or problem with a code, an error body, a default code. */
    private static final Pattern WRITTEN = Pattern.compile(
            "(?:(?:Invalid|Conflict|Forbidden|NotFound|Unauthorized)Exception\\(\\s*|HttpProblem\\(\\s*HttpStatus\\.\\w+,\\s*"
                    + "|error\\(\\s*|\"code\",\\s*|this\\(|super\\()\"([a-z][a-z0-9_]*)\"");

    private static final Pattern DOC_CODE = Pattern.compile("`([a-z][a-z0-9]*(?:_[a-z0-9]+)+|[a-z]+)`");

    @TempDir
    Path tempDir;

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> codesWrittenIn(Stream<Path> files) {
        Set<String> codes = new TreeSet<>();
        files.forEach(file -> {
            Matcher m = WRITTEN.matcher(read(file));
            while (m.find()) {
                codes.add(m.group(1));
            }
        });
        return codes;
    }

    private static Set<String> serverCodes() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return codesWrittenIn(files.filter(f -> f.toString().endsWith(".java")));
        }
    }

    /** The codes in the first column of the error table in api.md. */
    private static Set<String> apiTableCodes() {
        Set<String> codes = new TreeSet<>();
        for (String line : read(DOCS.resolve("api.md")).split("\n")) {
            if (line.matches("\\| `.*\\| \\d{3} \\|.*")) {
                Matcher m = DOC_CODE.matcher(line.substring(0, line.indexOf("|", 1)));
                while (m.find()) {
                    codes.add(m.group(1));
                }
            }
        }
        return codes;
    }

    @Test
    void the_api_error_table_lists_exactly_the_codes_the_server_sends() throws Exception {
        Set<String> sent = serverCodes();
        try (TestServer server = TestServer.start(Backend.SQLITE, tempDir)) {
            // 413 gets a code derived from the status, so ask the server for it.
            TestServer.Response tooLarge =
                    server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/auth/signup"))
                            .header("Content-Type", "application/json")
                            .header("Origin", server.baseUrl())
                            .POST(HttpRequest.BodyPublishers.ofString("{\"x\":\"" + "x".repeat(2_000_000) + "\"}")));
            assertEquals(413, tooLarge.status());
            sent.add(tooLarge.json().get("code").asText());
        }
        Set<String> documented = apiTableCodes();

        Set<String> undocumented = new TreeSet<>(sent);
        undocumented.removeAll(documented);
        Set<String> unknown = new TreeSet<>(documented);
        unknown.removeAll(sent);
        assertTrue(undocumented.isEmpty(), "sent by the server but not in api.md's error table: " + undocumented);
        assertTrue(unknown.isEmpty(), "in api.md's error table but never sent: " + unknown);
    }

    @Test
    void the_protocol_lists_every_code_the_socket_handlers_send_and_no_other() throws Exception {
        Set<String> all = serverCodes();
        Set<String> socket = codesWrittenIn(Stream.of(
                SOURCES.resolve("realtime").resolve("ChatGateway.java"),
                SOURCES.resolve("web").resolve("Fields.java")));
        socket.remove("too_many_items"); // only Fields.stringList, which no socket event reads
        String protocol = read(DOCS.resolve("protocol.md"));
        String chat = protocol.substring(protocol.indexOf("## Chat events"));
        Set<String> mentioned = new TreeSet<>();
        Matcher m = DOC_CODE.matcher(chat);
        while (m.find()) {
            mentioned.add(m.group(1));
        }

        Set<String> missing = new TreeSet<>(socket);
        missing.removeAll(mentioned);
        assertTrue(missing.isEmpty(), "sent on the socket but not in protocol.md: " + missing);

        String errorsColumn = chat.substring(chat.indexOf("| Event | Payload | Ack | Errors |"));
        errorsColumn = errorsColumn.substring(0, errorsColumn.indexOf("\n\n"));
        Set<String> listed = new TreeSet<>();
        for (String row : errorsColumn.split("\n")) {
            String[] cells = row.split("\\|");
            if (cells.length > 4) {
                Matcher c = DOC_CODE.matcher(cells[4]);
                while (c.find()) {
                    listed.add(c.group(1));
                }
            }
        }
        listed.removeAll(all);
        assertTrue(listed.isEmpty(), "protocol.md lists error codes the server never sends: " + listed);
    }
}
