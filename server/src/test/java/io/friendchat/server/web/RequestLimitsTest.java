package io.friendchat.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.friendchat.server.testing.Backend;
import io.friendchat.server.testing.TestServer;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestLimitsTest {
    private static final String SIGNUP = "/api/auth/signup";

    @TempDir
    Path tempDir;

    private TestServer start(String... settings) {
        return TestServer.start(Backend.SQLITE.newTarget(tempDir).env(settings));
    }

    private static String signupBody(int padTo) {
        String body =
                "{\"username\":\"alice\",\"email\":\"alice@example.com\",\"password\":\"correct horse alice battery\","
                        + "\"pad\":\"";
        return body + "a".repeat(Math.max(0, padTo - body.length() - 2)) + "\"}";
    }

    private static HttpRequest.Builder post(TestServer server, HttpRequest.BodyPublisher body) {
        return HttpRequest.newBuilder(URI.create(server.baseUrl() + SIGNUP))
                .header("Content-Type", "application/json")
                .header("Origin", server.baseUrl())
                .POST(body);
    }

    @Test
    void body_over_the_limit_gets_413_json_and_one_under_it_is_read() {
        try (TestServer server = start()) {
            TestServer.Response tooLarge =
                    server.send(post(server, HttpRequest.BodyPublishers.ofString(signupBody(64 * 1024 + 1))));
            assertEquals(413, tooLarge.status());
            assertEquals("content_too_large", tooLarge.json().get("code").asText());
            assertTrue(tooLarge.json().get("message").asText().contains("too large"));

            // Just under the limit the body reaches the handler (which ignores the extra field or refuses it as 400).
            TestServer.Response fits =
                    server.send(post(server, HttpRequest.BodyPublishers.ofString(signupBody(64 * 1024 - 100))));
            assertTrue(fits.status() != 413, "a body under the limit was refused: " + fits.body());
        }
    }

    @Test
    void chunked_body_without_a_length_is_cut_at_the_limit_too() {
        try (TestServer server = start()) {
            byte[] big = signupBody(200 * 1024).getBytes(StandardCharsets.UTF_8);
            TestServer.Response response = server.send(
                    post(server, HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))));

            assertEquals(413, response.status());
            assertEquals("content_too_large", response.json().get("code").asText());
        }
    }

    /**
     * A client still writing a body the server refuses must read the refusal, not a reset: the
     * server reads and drops the rest of the body first, and the connection stays usable.
     */
    @Test
    void an_oversized_body_still_on_its_way_gets_its_413_on_a_connection_that_stays_usable() throws Exception {
        try (TestServer server = start();
                Socket socket = new Socket("127.0.0.1", server.server().port())) {
            // Larger than an avatar may be, as a refused upload is: still drained, not reset.
            byte[] body = signupBody(3 * 1024 * 1024).getBytes(StandardCharsets.UTF_8);

            RawResponse[] answers = sendInTwoParts(socket, server, SIGNUP, body);

            assertEquals(413, answers[0].status(), answers[0].toString());
            assertTrue(answers[0].body().contains("\"content_too_large\""), answers[0].body());
            assertEquals(200, answers[1].status(), "the next request on the same connection: " + answers[1]);
        }
    }

    @Test
    void a_refusal_before_the_body_is_read_lets_the_client_finish_sending_it() throws Exception {
        try (TestServer server = start();
                Socket socket = new Socket("127.0.0.1", server.server().port())) {
            // No session: refused before the handler reads the body.
            byte[] body = ("{\"name\":\"" + "r".repeat(60 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);

            RawResponse[] answers = sendInTwoParts(socket, server, "/api/rooms", body);

            assertEquals(401, answers[0].status(), answers[0].toString());
            assertEquals(200, answers[1].status(), "the next request on the same connection: " + answers[1]);
        }
    }

    @Test
    void a_body_declared_beyond_what_the_server_will_drop_is_refused_at_once_and_the_connection_closed()
            throws Exception {
        try (TestServer server = start();
                Socket socket = new Socket("127.0.0.1", server.server().port())) {
            socket.setSoTimeout(10_000);
            // Only the head is sent: the answer must not wait for 65 MiB that never come.
            socket.getOutputStream().write(head(server, SIGNUP, 65L * 1024 * 1024));

            RawResponse answer = RawResponse.read(new BufferedInputStream(socket.getInputStream()));

            assertEquals(413, answer.status(), answer.toString());
            assertEquals("close", answer.headers().get("connection"), answer.toString());
        }
    }

    private static byte[] head(TestServer server, String path, long contentLength) {
        return ("POST " + path + " HTTP/1.1\r\nHost: "
                        + URI.create(server.baseUrl()).getAuthority() + "\r\nOrigin: "
                        + server.baseUrl()
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + contentLength + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * POSTs {@code body} with a pause after its first 16 KiB, long enough for a server that
     * answers early to have answered (and, before the fix, closed); then asks for /healthz on the
     * same connection. Returns both answers.
     */
    private static RawResponse[] sendInTwoParts(Socket socket, TestServer server, String path, byte[] body)
            throws Exception {
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        int first = 16 * 1024;
        out.write(head(server, path, body.length));
        out.write(body, 0, first);
        out.flush();
        Thread.sleep(300);
        out.write(body, first, body.length - first);
        out.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = new BufferedInputStream(socket.getInputStream());
        return new RawResponse[] {RawResponse.read(in), RawResponse.read(in)};
    }

    /** One HTTP/1.1 response read off a raw socket: status, lower-cased headers, body. */
    private record RawResponse(int status, Map<String, String> headers, String body) {
        static RawResponse read(InputStream in) throws IOException {
            String statusLine = line(in);
            if (statusLine.isEmpty()) {
                return new RawResponse(-1, Map.of(), "(connection closed)");
            }
            Map<String, String> headers = new TreeMap<>();
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                headers.put(
                        header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        header.substring(colon + 1).trim());
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (headers.containsKey("content-length")) {
                body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
            } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                for (int size = Integer.parseInt(line(in), 16); size > 0; size = Integer.parseInt(line(in), 16)) {
                    body.write(in.readNBytes(size));
                    line(in);
                }
                line(in);
            }
            return new RawResponse(
                    Integer.parseInt(statusLine.split(" ")[1]), headers, body.toString(StandardCharsets.UTF_8));
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }
    }

    @Test
    void body_limit_is_configurable() {
        try (TestServer server = start("FRIENDCHAT_MAX_BODY_SIZE", "1k")) {
            assertEquals(
                    413,
                    server.send(post(server, HttpRequest.BodyPublishers.ofString(signupBody(2048))))
                            .status());
        }
    }

    @Test
    void header_over_the_limit_gets_431() {
        String big = "a".repeat(9 * 1024);
        try (TestServer server = start()) {
            TestServer.Response response = server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/healthz"))
                    .header("X-Big", big));
            assertEquals(431, response.status());
        }
        try (TestServer server = start("FRIENDCHAT_MAX_HEADER_SIZE", "16k")) {
            TestServer.Response response = server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/healthz"))
                    .header("X-Big", big));
            assertEquals(200, response.status(), "a raised limit lets the same header through");
        }
    }

    @Test
    void connections_over_the_per_ip_limit_are_closed() throws Exception {
        try (TestServer server = start("FRIENDCHAT_MAX_CONNECTIONS_PER_IP", "2");
                Socket first = new Socket("127.0.0.1", server.server().port());
                Socket second = new Socket("127.0.0.1", server.server().port())) {
            // Each answers, so both are open and counted before the third arrives.
            assertTrue(healthOn(first).startsWith("HTTP/1.1 200"));
            assertTrue(healthOn(second).startsWith("HTTP/1.1 200"));

            try (Socket third = new Socket("127.0.0.1", server.server().port())) {
                assertEquals("", healthOn(third), "the third connection was served");
            }

            first.close();
            String answer = "";
            for (int attempt = 0; attempt < 50 && answer.isEmpty(); attempt++) {
                Thread.sleep(100); // the server counts the close asynchronously
                try (Socket again = new Socket("127.0.0.1", server.server().port())) {
                    answer = healthOn(again);
                }
            }
            assertTrue(answer.startsWith("HTTP/1.1 200"), "a freed slot was not reusable: " + answer);
        }
    }

    @Test
    void idle_connection_is_closed_after_the_idle_timeout() throws Exception {
        try (TestServer server = start("FRIENDCHAT_IDLE_TIMEOUT", "1s");
                Socket slow = new Socket("127.0.0.1", server.server().port())) {
            // A slow client: half a request, then nothing.
            slow.getOutputStream()
                    .write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
            slow.setSoTimeout(10_000);
            long start = System.nanoTime();

            String rest = readToEnd(slow.getInputStream());

            long seconds = (System.nanoTime() - start) / 1_000_000_000;
            assertTrue(seconds < 8, "the connection stayed open " + seconds + " s");
            assertTrue(!rest.contains("200 OK"), rest);
        }
    }

    /** Sends a keep-alive health check and returns the status line, or "" when the server closed the connection. */
    private static String healthOn(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        try {
            socket.getOutputStream()
                    .write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            StringBuilder line = new StringBuilder();
            InputStream in = socket.getInputStream();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                line.append((char) c);
            }
            return line.toString().trim();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer and no close", e);
        } catch (IOException e) {
            return ""; // reset by the server
        }
    }

    private static String readToEnd(InputStream in) throws IOException {
        try {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept the idle connection open", e);
        } catch (IOException e) {
            return ""; // reset
        }
    }
}
