package io.friendchat.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Test certificates made the way an operator makes them, with {@code openssl} and {@code keytool}
 * (not with the server's own code), and clients that trust exactly one certificate.
 */
public final class Certificates {
    /** The subject alternative names every test certificate carries. */
    public static final String SAN = "DNS:localhost,IP:127.0.0.1";

    private static final String KEYTOOL =
            Path.of(System.getProperty("java.home"), "bin", "keytool").toString();

    /** A PEM pair. */
    public record Pem(Path certificate, Path key) {}

    private Certificates() {}

    /** RSA 2048 with the key as PKCS#8 ({@code BEGIN PRIVATE KEY}), like Let's Encrypt's privkey.pem. */
    public static Pem rsaPkcs8(Path dir) {
        Path cert = dir.resolve("rsa-cert.pem");
        Path key = dir.resolve("rsa-key.pem");
        run(
                dir,
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                key.toString(),
                "-out",
                cert.toString(),
                "-days",
                "2",
                "-subj",
                "/CN=localhost",
                "-addext",
                "subjectAltName=" + SAN);
        return new Pem(cert, key);
    }

    /** EC P-256 with the key in the traditional SEC1 form ({@code BEGIN EC PRIVATE KEY}). */
    public static Pem ecSec1(Path dir) {
        Path cert = dir.resolve("ec-cert.pem");
        Path key = dir.resolve("ec-key.pem");
        run(dir, "openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key.toString());
        run(
                dir,
                "openssl",
                "req",
                "-x509",
                "-key",
                key.toString(),
                "-out",
                cert.toString(),
                "-days",
                "2",
                "-subj",
                "/CN=localhost",
                "-addext",
                "subjectAltName=" + SAN);
        return new Pem(cert, key);
    }

    /** A PKCS12 keystore made by keytool; returns the keystore, with its certificate as {@code cert.pem} beside it. */
    public static Path pkcs12(Path dir, String password) {
        Path store = dir.resolve("keystore.p12");
        run(
                dir,
                KEYTOOL,
                "-genkeypair",
                "-keystore",
                store.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                password,
                "-keypass",
                password,
                "-alias",
                "friendchat",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1");
        run(
                dir,
                KEYTOOL,
                "-exportcert",
                "-rfc",
                "-keystore",
                store.toString(),
                "-storepass",
                password,
                "-alias",
                "friendchat",
                "-file",
                dir.resolve("cert.pem").toString());
        return store;
    }

    /** An HTTP client that trusts only the certificates in this PEM file, and follows no redirects. */
    public static HttpClient clientTrusting(Path pem) {
        return HttpClient.newBuilder()
                .sslContext(sslContextTrusting(pem))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    public static SSLContext sslContextTrusting(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("cert" + i++, cert);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust " + pem, e);
        }
    }

    /** Runs a command and fails the test, with its output, unless it exits 0. */
    public static String run(Path dir, String... command) {
        List<String> list = new ArrayList<>(List.of(command));
        try {
            Process process = new ProcessBuilder(list)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError(
                        String.join(" ", list) + " failed: " + new String(out, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command[0] + " (the tests need openssl and a JDK's keytool)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
