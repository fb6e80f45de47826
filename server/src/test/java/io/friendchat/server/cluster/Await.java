package io.friendchat.server.cluster;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a deadline, failing with the state that was last seen. */
final class Await {
    private Await() {}

    /**
     * Checks {@code condition} every 25 ms until it holds; after {@code timeout} fails with
     * {@code what} and {@code state}, which should say enough to see what was missing.
     */
    static void until(String what, Duration timeout, BooleanSupplier condition, Supplier<String> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "timed out after " + timeout.toMillis() + " ms waiting for " + what + "\n" + state.get());
            }
            Thread.sleep(25);
        }
    }

    static void until(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        until(what, timeout, condition, () -> "");
    }
}
