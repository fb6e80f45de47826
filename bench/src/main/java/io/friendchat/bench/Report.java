package io.friendchat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the {@code kind=... key=value} lines that {@link LoadGen} wrote for every server into
 * markdown tables and the our/Node ratios for the targets.
 *
 * markdown tables and the our/Node ratios for the targets; when the full chat server was measured,
 * also its ratios to the bare Socket.IO layer (ours).
 *
 * <p>Usage: {@code Report RESULTS_FILE [OURS=friendchat] [NODE=node] [RAW=raw] [CHAT=chat]}.
 */
public final class Report {
    private final List<Map<String, String>> rows = new ArrayList<>();
    private final String ours;
    private final String node;
    private final String raw;
    private final String chat;

    private Report(List<String> lines, String ours, String node, String raw, String chat) {
        for (String line : lines) {
            if (!line.startsWith("kind=")) {
                continue;
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (String kv : line.trim().split(" ")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    row.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
            }
            rows.add(row);
        }
        this.ours = ours;
        this.node = node;
        this.raw = raw;
        this.chat = chat;
    }

    public static void main(String[] args) throws IOException {
        List<String> lines = Files.readAllLines(Path.of(args[0]));
        Report r = new Report(
                lines, arg(args, 1, "friendchat"), arg(args, 2, "node"), arg(args, 3, "raw"), arg(args, 4, "chat"));
        System.out.print(r.render());
    }

    private static String arg(String[] args, int i, String def) {
        return args.length > i ? args[i] : def;
    }

    private List<String> servers() {
        List<String> order = new ArrayList<>();
        for (String s : List.of(ours, node, raw, chat)) {
            if (rows.stream().anyMatch(r -> s.equals(r.get("server")))) {
                order.add(s);
            }
        }
        return order;
    }

    private String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("### Fan-out: 200 clients in one room, 4 senders, 64-byte payload\n\n");
        sb.append("Offered and achieved are deliveries/s (messages sent x 200 receivers). CPU-us/delivery is the"
                + " server process's utime+stime over the measured window divided by deliveries in it (user and sys in"
                + " brackets). Core-0 busy counts everything on the server's core, loopback softirq included. Deliveries"
                + " per write are deliveries divided by the server's write system calls (syscw of /proc/PID/io).\n\n");
        sb.append("| server | round | offered/s | achieved/s | p50 ms | p99 ms | server CPU-us/delivery (user+sys) |"
                + " deliveries per write | server CPU % | core-0 busy-us/delivery | core-0 busy % | generator CPU % |"
                + " other processes CPU % | server RSS MiB | disconnects |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String s : servers()) {
            for (Map<String, String> r : rows) {
                if (r.get("kind").equals("fanout") && s.equals(r.get("server"))) {
                    String offered = r.get("offered").equals("saturate")
                            ? "closed loop " + r.getOrDefault("window", "")
                            : r.get("offered");
                    sb.append(String.format(
                            Locale.ROOT,
                            "| %s | %s | %s | %s | %s | %s | %s (%s+%s) | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                            s,
                            r.getOrDefault("round", "1"),
                            offered,
                            r.get("achieved"),
                            ms(r.get("p50us")),
                            ms(r.get("p99us")),
                            num(r.get("cpuUsPerDelivery")),
                            num(r.get("userUsPerDelivery")),
                            num(r.get("sysUsPerDelivery")),
                            r.getOrDefault("deliveriesPerWrite", "?"),
                            r.get("serverCpuPct"),
                            num(r.get("coreUsPerDelivery")),
                            r.getOrDefault("serverCoreBusyPct", "?"),
                            r.get("genCpuPct"),
                            r.getOrDefault("otherCpuPct", "?"),
                            mib(r.get("rssKib")),
                            r.get("disconnects")));
                }
            }
        }
        sb.append("\n### Idle connections\n\n");
        sb.append("Per connection = (value at N - value at 0) / N; heap is live heap after a full GC as the server"
                + " reports it (JVM: used heap; Node: V8 heapUsed; the chat server, which has no /stats: jcmd GC.run,"
                + " then the used heap of GC.heap_info). Chat sockets are one signed-in user's, each viewing one"
                + " room.\n\n");
        sb.append(
                "| server | round | connections | RSS MiB | RSS per conn KiB | heap used MiB | heap per conn KiB |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (String s : servers()) {
            for (Map<String, String> r : rows) {
                if (r.get("kind").equals("idle") && s.equals(r.get("server"))) {
                    sb.append(String.format(
                            Locale.ROOT,
                            "| %s | %s | %s | %s | %s | %s | %s |%n",
                            s,
                            r.getOrDefault("round", "1"),
                            r.get("conns"),
                            mib(r.get("rssKib")),
                            kib(r.get("rssPerConnB")),
                            mib(Long.toString(Long.parseLong(r.get("heapUsed")) / 1024)),
                            kib(r.get("heapPerConnB"))));
                }
            }
        }
        sb.append("\n### Targets: ").append(ours).append(" / ").append(node).append("\n\n");
        sb.append("Each value comes from the round of that point in which other processes took the least CPU;"
                + " saturated deliveries/s is the best achieved at any point.\n\n");
        sb.append("| target | ").append(ours).append(" | ").append(node).append(" | ratio | goal | met |\n");
        sb.append("|---|---:|---:|---:|---|---|\n");
        target(
                sb,
                "CPU-us per delivery at 30k/s",
                fanout(ours, "30000", "cpuUsPerDelivery"),
                fanout(node, "30000", "cpuUsPerDelivery"),
                "<= 0.5",
                r -> r <= 0.5);
        target(
                sb,
                "CPU-us per delivery at 10k/s",
                fanout(ours, "10000", "cpuUsPerDelivery"),
                fanout(node, "10000", "cpuUsPerDelivery"),
                "<= 0.5",
                r -> r <= 0.5);
        target(
                sb,
                "user-space CPU-us per delivery at 30k/s (info)",
                fanout(ours, "30000", "userUsPerDelivery"),
                fanout(node, "30000", "userUsPerDelivery"),
                "info",
                r -> true);
        target(
                sb,
                "core-0 busy-us per delivery at 30k/s (info)",
                fanout(ours, "30000", "coreUsPerDelivery"),
                fanout(node, "30000", "coreUsPerDelivery"),
                "info",
                r -> true);
        target(sb, "saturated deliveries/s (best point)", best(ours), best(node), ">= 1.5", r -> r >= 1.5);
        target(
                sb,
                "saturated deliveries per server-CPU-second (info: less sensitive to CPU stolen by others)",
                fanout(ours, "saturate", "cpuUsPerDelivery").map(v -> 1e6 / v),
                fanout(node, "saturate", "cpuUsPerDelivery").map(v -> 1e6 / v),
                "info",
                r -> true);
        target(
                sb,
                "p99 ms at 30k/s",
                fanout(ours, "30000", "p99us").map(v -> v / 1000),
                fanout(node, "30000", "p99us").map(v -> v / 1000),
                "<= 1",
                r -> r <= 1.0);
        target(
                sb,
                "RSS per idle conn KiB at 10k",
                idle(ours, "10000", "rssPerConnB").map(v -> v / 1024),
                idle(node, "10000", "rssPerConnB").map(v -> v / 1024),
                "<= 1",
                r -> r <= 1.0);
        target(
                sb,
                "heap per idle conn KiB at 10k (info)",
                idle(ours, "10000", "heapPerConnB").map(v -> v / 1024),
                idle(node, "10000", "heapPerConnB").map(v -> v / 1024),
                "info",
                r -> true);
        if (servers().contains(chat)) {
            chatTargets(sb);
        }
        if (servers().contains(raw)) {
            sb.append("\nRaw-limit context: best raw Jetty deliveries/s ")
                    .append(best(raw).map(Report::fmt).orElse("-"))
                    .append(", ")
                    .append(ours)
                    .append(" reaches ")
                    .append(best(ours)
                            .flatMap(o -> best(raw).map(w -> fmt(100 * o / w) + " %"))
                            .orElse("-"))
                    .append(" of it.\n");
        }
        return sb.toString();
    }

    /** The full chat path against the bare Socket.IO layer doing the same fan-out, from the same run. */
    private void chatTargets(StringBuilder sb) {
        sb.append("\n### Targets: ")
                .append(chat)
                .append(" (full chat path) / ")
                .append(ours)
                .append(" (bare layer)\n\n");
        sb.append("| target | ").append(chat).append(" | ").append(ours).append(" | ratio | goal | met |\n");
        sb.append("|---|---:|---:|---:|---|---|\n");
        target(
                sb,
                "RSS per idle conn KiB at 10k (chat: signed in, viewing one room)",
                idle(chat, "10000", "rssPerConnB").map(v -> v / 1024),
                idle(ours, "10000", "rssPerConnB").map(v -> v / 1024),
                "<= 1.3",
                r -> r <= 1.3);
        target(
                sb,
                "heap per idle conn KiB at 10k (info)",
                idle(chat, "10000", "heapPerConnB").map(v -> v / 1024),
                idle(ours, "10000", "heapPerConnB").map(v -> v / 1024),
                "info",
                r -> true);
        target(
                sb,
                "p99 ms at 30k/s",
                fanout(chat, "30000", "p99us").map(v -> v / 1000),
                fanout(ours, "30000", "p99us").map(v -> v / 1000),
                "<= 1.5",
                r -> r <= 1.5);
        target(
                sb,
                "CPU-us per delivery at 30k/s",
                fanout(chat, "30000", "cpuUsPerDelivery"),
                fanout(ours, "30000", "cpuUsPerDelivery"),
                "<= 1.3",
                r -> r <= 1.3);
        for (String rate : List.of("10000", "100000", "saturate")) {
            String at = rate.equals("saturate") ? "closed loop" : Integer.parseInt(rate) / 1000 + "k/s";
            target(
                    sb,
                    "p99 ms at " + at + " (info)",
                    fanout(chat, rate, "p99us").map(v -> v / 1000),
                    fanout(ours, rate, "p99us").map(v -> v / 1000),
                    "info",
                    r -> true);
            target(
                    sb,
                    "CPU-us per delivery at " + at + " (info)",
                    fanout(chat, rate, "cpuUsPerDelivery"),
                    fanout(ours, rate, "cpuUsPerDelivery"),
                    "info",
                    r -> true);
        }
        target(sb, "saturated deliveries/s (best point, info)", best(chat), best(ours), "info", r -> true);
        target(
                sb,
                "CPU-us per delivery at 30k/s against Node (info)",
                fanout(chat, "30000", "cpuUsPerDelivery"),
                fanout(node, "30000", "cpuUsPerDelivery"),
                "info",
                r -> true);
    }

    private interface Check {
        boolean ok(double ratio);
    }

    private static void target(
            StringBuilder sb, String name, Optional<Double> a, Optional<Double> b, String goal, Check check) {
        String ratio = "-";
        String met = "n/a";
        if (a.isPresent() && b.isPresent() && b.get() != 0) {
            double r = a.get() / b.get();
            ratio = String.format(Locale.ROOT, "%.2f", r);
            met = goal.equals("info") ? "-" : check.ok(r) ? "yes" : "**no**";
        }
        sb.append("| ")
                .append(name)
                .append(" | ")
                .append(a.map(Report::fmt).orElse("-"))
                .append(" | ")
                .append(b.map(Report::fmt).orElse("-"))
                .append(" | ")
                .append(ratio)
                .append(" | ")
                .append(goal)
                .append(" | ")
                .append(met)
                .append(" |\n");
    }

    private Optional<Double> fanout(String server, String offered, String key) {
        return find("fanout", server, "offered", offered, key);
    }

    private Optional<Double> idle(String server, String conns, String key) {
        return find("idle", server, "conns", conns, key);
    }

    /**
     * The value from the least disturbed window: among the rounds of this point, the one in
     * which other processes took the least CPU. Noise here only ever adds load, so the quietest
     * window is the closest to the machine the servers were meant to have.
     */
    private Optional<Double> find(String kind, String server, String selKey, String selValue, String key) {
        return rows.stream()
                .filter(r -> kind.equals(r.get("kind"))
                        && server.equals(r.get("server"))
                        && selValue.equals(r.get(selKey))
                        && r.containsKey(key))
                .min(Comparator.comparingDouble(r -> Double.parseDouble(r.getOrDefault("otherCpuPct", "0"))))
                .map(r -> Double.parseDouble(r.get(key)));
    }

    /** The best achieved deliveries/s of any point and round: other load can only lower it. */
    private Optional<Double> best(String server) {
        return rows.stream()
                .filter(r -> "fanout".equals(r.get("kind")) && server.equals(r.get("server")))
                .map(r -> Double.parseDouble(r.get("achieved")))
                .max(Double::compare);
    }

    private static String fmt(double v) {
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String num(String v) {
        return v == null ? "-" : fmt(Double.parseDouble(v));
    }

    private static String ms(String us) {
        long v = Long.parseLong(us);
        return v < 0 ? "-" : fmt(v / 1000.0);
    }

    private static String mib(String kibValue) {
        return String.format(Locale.ROOT, "%.1f", Long.parseLong(kibValue) / 1024.0);
    }

    private static String kib(String bytes) {
        return bytes == null ? "-" : String.format(Locale.ROOT, "%.1f", Double.parseDouble(bytes) / 1024);
    }
}
