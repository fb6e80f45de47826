package io.friendchat.server.tls;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.friendchat.server.Main;
import io.friendchat.server.testing.Certificates;
import io.friendchat.server.testing.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS 1.0 and 1.1 are refused by FriendChat's own settings, not only by the JDK's default ban:
 * the server runs in a child JVM with {@code jdk.tls.disabledAlgorithms} emptied, and
 * {@code openssl s_client} offers each old protocol alone. A bare JDK server in the same kind of
 * JVM shows that the client and JVM do speak TLS 1.1 there, so the test would fail if FriendChat
 * accepted it.
 */
class OldTlsRefusedTest {
    private static final Pattern LISTENING = Pattern.compile("listening on [^:]+:(\\d+)");
    /** s_client's summary line after a handshake, e.g. {@code New, TLSv1.2, Cipher is ECDHE-RSA-AES128-GCM-SHA256}. */
    private static final Pattern NEGOTIATED = Pattern.compile("New, (TLSv[0-9.]+), Cipher is (?!\\(NONE\\))");

    @TempDir
    Path tempDir;

    private Process friendchat;
    private Process control;
    private List<String> permissiveJvm;

    @BeforeEach
    void start() throws Exception {
        Path security = Files.writeString(tempDir.resolve("permissive.security"), "jdk.tls.disabledAlgorithms=\n");
        permissiveJvm = List.of("-Djava.security.properties=" + security);
        Certificates.Pem pem = Certificates.rsaPkcs8(tempDir);
        friendchat = ChildJvm.start(
                Main.class,
                permissiveJvm,
                Map.of(
                        "PORT",
                        "0",
                        "FRIENDCHAT_HOST",
                        "127.0.0.1",
                        "FRIENDCHAT_DATA_DIR",
                        tempDir.resolve("data").toString(),
                        "FRIENDCHAT_TLS_CERT",
                        pem.certificate().toString(),
                        "FRIENDCHAT_TLS_KEY",
                        pem.key().toString()),
                tempDir);
        Path store = Certificates.pkcs12(tempDir, "control-pass");
        control = ChildJvm.start(
                PermissiveTlsServer.class, permissiveJvm, Map.of(), tempDir, store.toString(), "control-pass");
    }

    @AfterEach
    void stop() {
        friendchat.destroyForcibly();
        control.destroyForcibly();
    }

    @Test
    void tls_1_0_and_1_1_are_refused_and_1_2_and_1_3_accepted() throws Exception {
        int port = awaitPort(friendchat);
        int controlPort = awaitPort(control);

        // The control: with the JDK ban lifted, a server that allows TLS 1.1 negotiates it.
        assertTrue(
                negotiates(controlPort, "-tls1_1"),
                "the control server did not speak TLS 1.1; the test proves nothing");

        assertFalse(negotiates(port, "-tls1_1"), "FriendChat accepted TLS 1.1");
        assertFalse(negotiates(port, "-tls1"), "FriendChat accepted TLS 1.0");
        assertTrue(negotiates(port, "-tls1_2"), "FriendChat refused TLS 1.2");
        assertTrue(negotiates(port, "-tls1_3"), "FriendChat refused TLS 1.3");
    }

    /** Whether openssl completes a handshake offering only that protocol. */
    private boolean negotiates(int port, String protocol) throws Exception {
        Process process = new ProcessBuilder(
                        "openssl",
                        "s_client",
                        "-connect",
                        "127.0.0.1:" + port,
                        protocol,
                        "-cipher",
                        "DEFAULT:@SECLEVEL=0")
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        Matcher m = NEGOTIATED.matcher(out);
        return process.exitValue() == 0 && m.find();
    }

    private static int awaitPort(Process process) throws IOException {
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        String line;
        while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> {
                    try {
                        out.transferTo(java.io.Writer.nullWriter());
                    } catch (IOException ignored) {
                        // the process ended
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("the process never said it was listening");
    }
}
