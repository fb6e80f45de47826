package io.friendchat.server.testing;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The MongoDB wire-compatible test server (mongo-java-server, in memory) as its own process, so
 * that several FriendChat JVMs share one store, as a cluster's nodes share a replica set (no real
 * mongod can be installed here).
 *
 * <p>{@code java ... io.friendchat.server.testing.StandaloneMongo [PORT]} binds 127.0.0.1 on
 * PORT (0 or absent: a free one), prints {@code mongo listening on 127.0.0.1:PORT}, and runs
 * until its standard input closes, so it ends with the test JVM that started it, even when that
 * one is killed.
 */
public final class StandaloneMongo implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("mongo listening on 127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final int port;

    private StandaloneMongo(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static void main(String[] args) throws IOException {
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", args.length > 0 ? Integer.parseInt(args[0]) : 0);
        System.out.println(
                "mongo listening on 127.0.0.1:" + server.getLocalAddress().getPort());
        System.out.flush();
        while (System.in.read() >= 0) {
            // Wait for the parent to go away.
        }
        server.shutdownNow();
        System.exit(0);
    }

    /** Starts the server in a child JVM on a free port, logging to {@code log}, and waits until it listens. */
    public static StandaloneMongo start(Path workDir, Path log) throws IOException, InterruptedException {
        Process process = ChildJvm.start(StandaloneMongo.class, List.of("-Xmx512m"), Map.of(), workDir);
        boolean started = false;
        try {
            Matcher m = new ProcessLog("the standalone Mongo test server", process, log)
                    .await(LISTENING, Duration.ofSeconds(60));
            started = true;
            return new StandaloneMongo(process, Integer.parseInt(m.group(1)));
        } finally {
            if (!started) {
                process.destroyForcibly();
            }
        }
    }

    /** A connection string for one database on this server. */
    public String uri(String database) {
        return "mongodb://127.0.0.1:" + port + "/" + database;
    }

    @Override
    public void close() {
        Processes.kill(process);
    }
}
