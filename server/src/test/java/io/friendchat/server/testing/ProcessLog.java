package io.friendchat.server.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a child process's stdout and stderr as it writes them, so it never blocks on a full pipe,
 * into a file (appended to, so a restarted child adds to its log) and into memory for
 * {@link #await} and failure messages. One instance per started process.
 */
public final class ProcessLog {
    private final String name;
    private final Process process;
    private final Writer file;
    private final List<String> lines = new ArrayList<>();

    /** Appends the output of {@code process} to {@code file}, naming it {@code name} in failures. */
    public ProcessLog(String name, Process process, Path file) {
        this.name = name;
        this.process = process;
        try {
            this.file = Files.newBufferedWriter(
                    file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        drain(process.getInputStream(), "out");
        drain(process.getErrorStream(), "err");
    }

    private void drain(InputStream stream, String which) {
        Thread thread = new Thread(
                () -> {
                    try (BufferedReader in =
                            new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = in.readLine()) != null) {
                            add(which + ": " + line);
                        }
                    } catch (IOException e) {
                        // The process ended.
                    }
                },
                name + "-" + which);
        thread.setDaemon(true);
        thread.start();
    }

    private synchronized void add(String line) {
        lines.add(line);
        try {
            file.write(line);
            file.write('\n');
            file.flush();
        } catch (IOException ignored) {
            // The file is for diagnosis only.
        }
        notifyAll();
    }

    /**
     * Waits for a line of this process that matches; fails with the process's last lines when it
     * exits first or the timeout passes.
     */
    public synchronized Matcher await(Pattern pattern, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        while (true) {
            for (; checked < lines.size(); checked++) {
                Matcher m = pattern.matcher(lines.get(checked));
                if (m.find()) {
                    return m;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || !process.isAlive()) {
                throw new AssertionError(name + (process.isAlive() ? " did not log " : " exited before logging ")
                        + pattern + "; its last lines:\n" + tail());
            }
            // add() wakes this up; the cap only bounds how late an exit is noticed.
            wait(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 200));
        }
    }

    /** Every line so far, each marked {@code out: } or {@code err: }. */
    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** The last lines, for a failure message. */
    public synchronized String tail() {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
