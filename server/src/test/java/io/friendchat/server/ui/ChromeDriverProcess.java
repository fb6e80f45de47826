package io.friendchat.server.ui;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Debian's chromedriver, started on a free loopback port, driving Debian's Chromium. Nothing is
 * ever downloaded: both binaries must be installed (test.sh installs them as root), and when
 * either is missing the tests fail with a message naming the package. They never skip.
 */
final class ChromeDriverProcess implements AutoCloseable {
    static final Path CHROMIUM = Path.of(System.getProperty("friendchat.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("friendchat.chromedriver", "/usr/bin/chromedriver"));

    private final Process process;
    private final URI base;

    private ChromeDriverProcess(Process process, URI base) {
        this.process = process;
        this.base = base;
    }

    static ChromeDriverProcess start() {
        requireExecutable(CHROMIUM, "chromium");
        requireExecutable(CHROMEDRIVER, "chromium-driver");
        int port = freePort();
        try {
            Process p = new ProcessBuilder(List.of(
                            CHROMEDRIVER.toString(),
                            "--port=" + port,
                            "--allowed-ips=127.0.0.1",
                            "--log-level=WARNING"))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            ChromeDriverProcess driver = new ChromeDriverProcess(p, URI.create("http://127.0.0.1:" + port));
            driver.awaitReady();
            return driver;
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + CHROMEDRIVER, e);
        }
    }

    private static void requireExecutable(Path path, String debianPackage) {
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException("The browser tests need " + path + ", which is missing. Install the Debian "
                    + "package '" + debianPackage
                    + "' (./test.sh does this as root): apt-get install -y chromium chromium-driver");
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("chromedriver exited at start with code " + process.exitValue());
            }
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(base.resolve("/status")).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"ready\":true")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(100);
        }
        close();
        throw new IllegalStateException("chromedriver did not become ready within 20 s");
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    URI base() {
        return base;
    }

    /** A new browser with its own profile (cookies, storage): one person's browser. */
    Browser newBrowser(int width, int height) {
        return Browser.open(this, width, height);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
