package io.friendchat.server.testing;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Runs another main class in this JVM and exits when standard input closes, that is when the
 * test JVM that started it (and holds the other end of the pipe) ends, however it ends, even by
 * SIGKILL. So a child server never outlives its test. The process is the server's own, so a
 * test can still signal or kill it.
 *
 * <p>{@code java -cp ... io.friendchat.server.testing.EndsWithParent MAIN_CLASS [ARGS...]}
 */
public final class EndsWithParent {
    private EndsWithParent() {}

    public static void main(String[] args) throws Exception {
        Thread watch = new Thread(
                () -> {
                    try {
                        while (System.in.read() >= 0) {
                            // Nothing is ever written; wait for the end of the stream.
                        }
                    } catch (IOException e) {
                        // The pipe broke: the parent is gone as well.
                    }
                    System.exit(1);
                },
                "parent-watch");
        watch.setDaemon(true);
        watch.start();
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }
}
