package io.friendchat.server.cluster;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Tabs sending at once, in rounds: each tab sends one message per round, with {@code interval}
 * between rounds, so the burst lasts long enough for a node or Redis to die in its middle.
 */
final class Burst {
    private final Thread thread;

    private Burst(Thread thread) {
        this.thread = thread;
    }

    static Burst start(List<ChatTab> tabs, String roomId, int rounds, Duration interval) {
        Thread thread = new Thread(
                () -> {
                    try {
                        for (int k = 0; k < rounds; k++) {
                            for (ChatTab tab : tabs) {
                                tab.send(roomId, tab.name() + " burst message " + k);
                            }
                            // The pace of the load, not a wait for an outcome.
                            Thread.sleep(interval.toMillis());
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "burst");
        thread.setDaemon(true);
        thread.start();
        return new Burst(thread);
    }

    /** Waits until every message of the burst was handed to its tab (not until acknowledged). */
    void join() throws InterruptedException {
        thread.join(TimeUnit.SECONDS.toMillis(60));
        if (thread.isAlive()) {
            thread.interrupt();
            throw new AssertionError("the burst did not finish");
        }
    }
}
