package io.friendchat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a process's CPU time and resident memory from /proc (Linux only). */
final class Proc {
    private final long pid;
    private final long clockTicksPerSecond;

    long pid() {
        return pid;
    }

    Proc(long pid, long clockTicksPerSecond) {
        this.pid = pid;
        this.clockTicksPerSecond = clockTicksPerSecond;
    }

    static Proc self(long clockTicksPerSecond) {
        return new Proc(ProcessHandle.current().pid(), clockTicksPerSecond);
    }

    /** utime + stime of all threads, in µs (resolution is one clock tick, 10 ms at CLK_TCK=100). */
    long cpuMicros() {
        long[] us = userSysMicros();
        return us[0] + us[1];
    }

    /** {utime, stime} of all threads, in µs. */
    long[] userSysMicros() {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // The command name (field 2) may hold spaces; fields after it are plain.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long perTick = 1_000_000L / clockTicksPerSecond;
            return new long[] {Long.parseLong(f[11]) * perTick, Long.parseLong(f[12]) * perTick}; // fields 14, 15
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid + "/stat", e);
        }
    }

    /**
     * Write system calls made so far ({@code syscw} of /proc/PID/io: write, writev and the like).
     * Deliveries per write shows how many frames the server gathers into one socket write.
     */
    long writeSyscalls() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/io"))) {
                if (line.startsWith("syscw:")) {
                    return Long.parseLong(line.substring("syscw:".length()).trim());
                }
            }
            throw new IllegalStateException("no syscw for " + pid);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid + "/io", e);
        }
    }

    /** VmRSS in KiB. */
    long rssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            throw new IllegalStateException("no VmRSS for " + pid);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid + "/status", e);
        }
    }

    /**
     * Busy and total jiffies of one CPU from /proc/stat. Loopback packet processing runs in
     * softirq on the sending core and is not charged to any process, so the server core's busy
     * share shows whether that core, not just the server process, was saturated.
     */
    static long[] cpuJiffies(int cpu) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                if (line.startsWith("cpu" + cpu + " ")) {
                    String[] f = line.trim().split("\\s+");
                    long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
                    long total = 0;
                    for (int i = 1; i <= 8; i++) {
                        total += Long.parseLong(f[i]);
                    }
                    return new long[] {total - idle, total};
                }
            }
            return new long[] {0, 0};
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/stat", e);
        }
    }

    /** user + nice + system jiffies of all CPUs together, from the first line of /proc/stat. */
    static long allCpusUserSysJiffies() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/stat", e);
        }
    }
}
