package io.friendchat.server.testing;

import java.util.concurrent.TimeUnit;

/** Ending child processes that tests started. */
public final class Processes {
    private Processes() {}

    /** SIGKILL, then a bounded wait for the process to be gone; for clean-up, so it never throws. */
    public static void kill(Process process) {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
