package io.friendchat.server.cluster;

import io.friendchat.server.testing.ProcessLog;
import io.friendchat.server.testing.Processes;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A real {@code redis-server} on 127.0.0.1, with no persistence (a restart comes back empty, as a
 * bus may), that a test kills with SIGKILL and starts again on the same port.
 */
final class RedisServer implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("Ready to accept connections");
    /** util-linux, on every Debian: it execs the command, so the pid stays Redis's own. */
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    private final Path executable;
    private final int port;
    private final Path log;
    private Process process;

    private RedisServer(Path executable, int port, Path log) {
        this.executable = executable;
        this.port = port;
        this.log = log;
    }

    /** Starts Redis on a free port; fails naming the Debian package when it is not installed. */
    static RedisServer start(Path log) throws IOException, InterruptedException {
        RedisServer redis = new RedisServer(find(), FreePort.find(), log);
        redis.restart();
        return redis;
    }

    private static Path find() {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, "redis-server"))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new AssertionError("the cluster tests need redis-server, which is not on the PATH:"
                        + " install the Debian package 'redis-server' (./test.sh does when run as root)"));
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    boolean running() {
        return process != null && process.isAlive();
    }

    /** Starts Redis again on its port, empty, and waits until it accepts connections. */
    synchronized void restart() throws IOException, InterruptedException {
        if (running()) {
            throw new IllegalStateException("Redis is running");
        }
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETPRIV)) {
            // SIGKILL Redis when the thread that started it ends; tests start it from JUnit's
            // main thread, so that is when the test JVM ends, even if it is killed.
            command.addAll(List.of(SETPRIV.toString(), "--pdeathsig", "KILL"));
        }
        command.addAll(List.of(
                executable.toString(),
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no"));
        process = new ProcessBuilder(command).start();
        // Redis reads no input: closing it leaves nothing for a stray read to wait on.
        process.getOutputStream().close();
        try {
            new ProcessLog("redis-server on port " + port, process, log).await(READY, Duration.ofSeconds(20));
        } catch (AssertionError e) {
            kill9();
            throw e;
        }
    }

    /** SIGKILL: Redis gets no chance to say goodbye to its clients. */
    synchronized void kill9() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        if (process != null) {
            Processes.kill(process);
        }
    }
}
