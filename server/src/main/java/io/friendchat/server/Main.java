package io.friendchat.server;

import io.friendchat.server.admin.AdminCli;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts FriendChat from the environment and stops it gracefully on SIGTERM, then exits with
 * status 0 (Ctrl-C stops it the same way, with the JVM's status 130); with {@code admin} as the
 * first argument, runs the admin command instead ({@link AdminCli}).
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("admin")) {
            // The admin command prints its own output; the store's info lines would only crowd it.
            if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
                context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.WARN);
            }
            System.exit(AdminCli.run(
                    java.util.Arrays.copyOfRange(args, 1, args.length),
                    System.getenv(),
                    System.in,
                    System.out,
                    System.err));
        }
        Config config;
        try {
            config = Config.fromEnv(System.getenv());
        } catch (ConfigException e) {
            System.err.println("friendchat: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        Logger log = LoggerFactory.getLogger(Main.class);
        // The hook is in place before the port opens, so a SIGTERM that comes as soon as the
        // server answers still stops it gracefully.
        AtomicReference<FriendChatServer> running = new AtomicReference<>();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            FriendChatServer server = running.get();
                            if (server != null) {
                                server.stop();
                            }
                            // Logback's own hook may not have run yet; flush here so the last lines are kept.
                            if (LoggerFactory.getILoggerFactory()
                                    instanceof ch.qos.logback.classic.LoggerContext context) {
                                context.stop();
                            }
                        },
                        "friendchat-shutdown"));
        exitCleanlyOnSigterm(running);
        try {
            FriendChatServer server = FriendChatServer.create(config);
            running.set(server);
            server.start();
        } catch (ConfigException e) {
            // A certificate or key that cannot be used is only found when the server is built.
            System.err.println("friendchat: configuration error: " + e.getMessage());
            System.exit(2);
        } catch (RuntimeException e) {
            log.error("FriendChat failed to start", e);
            System.exit(1);
        }
    }

    /**
     * SIGTERM is how service managers and orchestrators ask for a stop. The JVM's own handler
     * runs the shutdown hook and then exits with 143, which systemd, for one, reports as a
     * failure; this one stops the server and then exits with 0. Where the JVM does not allow
     * the handler, the shutdown hook still stops the server (with 143).
     */
    @SuppressWarnings("removal")
    private static void exitCleanlyOnSigterm(AtomicReference<FriendChatServer> running) {
        try {
            sun.misc.Signal.handle(
                    new sun.misc.Signal("TERM"),
                    signal -> new Thread(
                                    () -> {
                                        FriendChatServer server = running.get();
                                        if (server != null) {
                                            server.stop();
                                        }
                                        System.exit(0);
                                    },
                                    "friendchat-sigterm")
                            .start());
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LoggerFactory.getLogger(Main.class).warn("cannot handle SIGTERM; it will exit with status 143", e);
        }
    }
}
