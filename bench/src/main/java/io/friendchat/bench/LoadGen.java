package io.friendchat.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One load generator for every server: it speaks Engine.IO v4 / Socket.IO v5 over WebSocket
 * itself (mode {@code sio}) or sends the very same frames with no protocol (mode {@code raw}).
 *
 * <p>Wire contract for mode sio: connect to {@code /socket.io/?EIO=4&transport=websocket&room=R},
 * answer the open packet {@code 0{...}} with {@code 40}, wait for {@code 40{...}}, answer every
 * ping {@code 2} with {@code 3}. Senders emit {@code 42["msg","<payload>"]}; the server broadcasts
 * it to room R, sender included. The payload string starts with a 19-digit send timestamp
 * (ns since the generator started) and the sender's index, and is padded to the payload size.
 *
 * <p>Mode {@code chat} drives the whole FriendChat server instead (auth, membership, the store):
 * the generator signs up one user per client over HTTP, the first creates a room with all the
 * others as members, and each socket connects with {@code 40{"token":"..."}}. Senders emit
 * {@code 42N["message:send",{"roomId":R,"clientId":C,"text":"<payload>"}]} with an ack id; the
 * server stores the message, acknowledges the sender and broadcasts
 * {@code 42["message:new",{"message":{...,"body":"<payload>",...}}]} to every member's socket,
 * sender included. The payload is the same 64-byte string, so latency and the closed loop work as
 * in mode sio.
 *
 * <p>Mode chat's idle scenario is a user's open tabs: one user signs up and creates a room, then
 * every idle socket connects with that user's token (so it is subscribed to the room) and sends
 * {@code 421["room:join",{"roomId":R}]}, viewing the room, and counts once acknowledged. Its heap
 * comes from {@code jcmd PID GC.run} and {@code GC.heap_info}, since the chat server has no
 * {@code /stats}.
 *
 * <p>Scenarios, all bounded in time: idle sockets at several counts (memory per connection),
 * then fan-out at open-loop offered rates, then a closed-loop saturation point. Each point
 * prints one {@code kind=... key=value} line to stdout and to {@code --out}.
 *
 * <p>All traffic goes to 127.0.0.1 only.
 */
public final class LoadGen {
    private static final byte[] EVENT_PREFIX = "42[\"msg\",\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MESSAGE_NEW = "42[\"message:new\",".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BODY = "\"body\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern SESSION_COOKIE = Pattern.compile("fc_session=([^;]+)");
    private static final Pattern ROOM_ID = Pattern.compile("\"room\":\\{\"id\":\"([^\"]+)\"");
    /** clientIds of message:send, unique over the whole run (the server dedupes per room and author). */
    private static final java.util.concurrent.atomic.AtomicLong CLIENT_IDS =
            new java.util.concurrent.atomic.AtomicLong();

    private static final int TS_DIGITS = 19;
    private static final Pattern HEAP_USED = Pattern.compile("\"heapUsed\":(\\d+)");
    private static final Pattern SOCKETS = Pattern.compile("\"sockets\":(\\d+)");

    private final Map<String, String> opts;
    private final boolean raw;
    private final boolean chat;
    private String chatRoomId;
    private List<String> chatTokens = List.of();
    /** Mode chat, idle scenario: the room every idle socket views; null otherwise. */
    private volatile String idleRoomId;

    private final int port;
    private final String label;
    private final Proc server;
    private final Proc self;
    private final long epoch = System.nanoTime();
    private static final byte[] PONG = {'3'};
    private static final byte[] CONNECT = {'4', '0'};
    private final WsClient client;
    // HTTP/1.1 only: an h2c upgrade header would be taken by engine.io's upgrade listener.
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final PrintStream out;
    private final int payloadSize;
    private final int serverCore;
    private final long clockTicks;

    private final LongAdder deliveries = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder sendFailures = new LongAdder();
    private final LongAdder disconnects = new LongAdder();
    /** Delivery latencies in µs, 3 significant digits; recording is wait-free from any thread. */
    private final Recorder latencies = new Recorder(3);

    private volatile boolean closedLoopRunning;
    private List<Conn> fanConns = List.of();
    private int round = 1;

    /** target is LABEL:MODE:PORT:PID, e.g. node:sio:3101:4242. */
    private LoadGen(Map<String, String> opts, String target, PrintStream out) throws Exception {
        String[] t = target.split(":");
        if (t.length != 4) {
            throw new IllegalArgumentException("--target wants LABEL:MODE:PORT:PID, got " + target);
        }
        this.opts = opts;
        this.label = t[0];
        this.raw = t[1].equals("raw");
        this.chat = t[1].equals("chat");
        this.port = Integer.parseInt(t[2]);
        long clk = Long.parseLong(opts.getOrDefault("clk-tck", "100"));
        this.clockTicks = clk;
        this.server = new Proc(Long.parseLong(t[3]), clk);
        this.self = Proc.self(clk);
        this.serverCore = Integer.parseInt(opts.getOrDefault("server-core", "0"));
        this.payloadSize = Integer.parseInt(opts.getOrDefault("payload", "64"));
        this.client = new WsClient();
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        List<String> targets = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --key value, got " + args[i]);
            }
            if (args[i].equals("--target")) {
                targets.add(args[i + 1]);
            } else {
                opts.put(args[i].substring(2), args[i + 1]);
            }
        }
        if (targets.isEmpty()) {
            System.err.println(
                    "usage: LoadGen --target LABEL:sio|raw|chat:PORT:PID [--target ...] [--out FILE] [--rounds 1]"
                            + " [--clients 200] [--senders 4] [--payload 64] [--rates 10000,30000,100000] [--sat-window 32]"
                            + " [--idle 1000,5000,10000] [--idle-hold 0] [--warmup 3] [--measure 10] [--retries 2]"
                            + " [--max-other 25] [--quiet-wait 60] [--clk-tck 100] [--server-core 0]");
            System.exit(2);
        }
        String outPath = opts.get("out");
        PrintStream out = outPath == null
                ? null
                : new PrintStream(
                        Files.newOutputStream(Path.of(outPath), StandardOpenOption.CREATE, StandardOpenOption.APPEND),
                        true,
                        StandardCharsets.UTF_8);
        List<LoadGen> gens = new ArrayList<>();
        for (String t : targets) {
            gens.add(new LoadGen(opts, t, out));
        }
        try {
            run(gens);
        } finally {
            for (LoadGen g : gens) {
                g.client.close();
            }
        }
        System.exit(0);
    }

    /**
     * Idle memory per server, then fan-out with the servers interleaved point by point (node at
     * 10k, ours at 10k, raw at 10k, node at 30k, ...): the machine is shared and its load drifts,
     * so the servers being compared are measured minutes apart at most, never a whole run apart.
     */
    private static void run(List<LoadGen> gens) throws Exception {
        LoadGen first = gens.get(0);
        List<Integer> idle = first.listOpt("idle", "1000,5000,10000");
        if (!idle.isEmpty()) {
            for (LoadGen g : gens) {
                g.idleScenario(idle);
            }
        }
        List<Integer> rates = first.listOpt("rates", "10000,30000,100000");
        int satWindow = first.intOpt("sat-window", 32);
        if (rates.isEmpty() && satWindow <= 0) {
            return;
        }
        for (LoadGen g : gens) {
            g.openFanOut();
        }
        int rounds = first.intOpt("rounds", 1);
        for (int round = 1; round <= rounds; round++) {
            for (int rate : rates) {
                for (LoadGen g : gens) {
                    g.round = round;
                    g.openLoopPoint(rate);
                }
            }
            if (satWindow > 0) {
                for (LoadGen g : gens) {
                    g.round = round;
                    g.saturationPoint(satWindow);
                }
            }
        }
        for (LoadGen g : gens) {
            g.closeAll(g.fanConns);
        }
    }

    private int intOpt(String key, int def) {
        return Integer.parseInt(opts.getOrDefault(key, Integer.toString(def)));
    }

    private List<Integer> listOpt(String key, String def) {
        List<Integer> values = new ArrayList<>();
        String s = opts.getOrDefault(key, def);
        if (!s.isBlank() && !s.equals("none")) {
            for (String v : s.split(",")) {
                values.add(Integer.parseInt(v.trim()));
            }
        }
        return values;
    }

    // ---------------------------------------------------------------- idle connections

    private void idleScenario(List<Integer> levels) throws Exception {
        if (chat) {
            setUpIdleUser();
        }
        // Warm the server (class loading, JIT, pools) so the 0-connection baseline is not
        // flattered by one-off costs that the first thousand sockets would otherwise carry.
        List<Conn> warm = open(200, "warm", 0);
        if (!chat) {
            openLoop(warm.subList(0, 4), 100, 2_000_000_000L, 0, null); // 20k deliveries/s
            drain();
        }
        closeAll(warm);
        Thread.sleep(2000);
        long[] base = memory();
        emit("kind=idle server=" + label + " conns=0 rssKib=" + base[0] + " heapUsed=" + base[1] + " serverSockets="
                + base[2]);
        List<Conn> conns = new ArrayList<>();
        for (int level : levels) {
            conns.addAll(open(level - conns.size(), "idle", 0));
            Thread.sleep(3000);
            long[] m = memory();
            double rssPer = (m[0] - base[0]) * 1024.0 / level;
            double heapPer = base[1] < 0 ? -1 : (double) (m[1] - base[1]) / level;
            emit(String.format(
                    Locale.ROOT,
                    "kind=idle server=%s conns=%d rssKib=%d heapUsed=%d serverSockets=%d rssPerConnB=%.0f heapPerConnB=%.0f disconnects=%d",
                    label,
                    level,
                    m[0],
                    m[1],
                    m[2],
                    rssPer,
                    heapPer,
                    disconnects.sum()));
        }
        // --idle-hold keeps the sockets open for a profiler (e.g. jcmd PID GC.class_histogram).
        Thread.sleep(intOpt("idle-hold", 0) * 1000L);
        closeAll(conns);
        Thread.sleep(3000);
        idleRoomId = null;
    }

    /** Mode chat: one user, signed up with one room, whose token every idle socket uses. */
    private void setUpIdleUser() throws Exception {
        String name = "idle" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        HttpResponse<String> r = post(
                "/api/auth/signup",
                "{\"username\":\"" + name + "\",\"email\":\"" + name + "@example.com\",\"password\":\"load generator "
                        + name + "\"}",
                null);
        Matcher m = SESSION_COOKIE.matcher(String.join(";", r.headers().allValues("set-cookie")));
        if (!m.find()) {
            throw new IllegalStateException("signup gave no session cookie: " + r.statusCode() + " " + r.body());
        }
        chatTokens = List.of(m.group(1));
        Matcher room = ROOM_ID.matcher(post("/api/rooms", "{\"name\":\"idle\",\"members\":[]}", chatTokens.get(0))
                .body());
        if (!room.find()) {
            throw new IllegalStateException("no room id in the create answer");
        }
        idleRoomId = room.group(1);
    }

    /** {rss KiB, heap used bytes after a full GC (or -1), sockets the server counts (or -1)}. */
    private long[] memory() throws IOException, InterruptedException {
        long heap = -1;
        long sockets = -1;
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/stats?gc=1"))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher h = HEAP_USED.matcher(r.body());
            if (h.find()) {
                heap = Long.parseLong(h.group(1));
            }
            Matcher s = SOCKETS.matcher(r.body());
            if (s.find()) {
                sockets = Long.parseLong(s.group(1));
            }
        } catch (IOException e) {
            System.err.println("no /stats from server: " + e);
        }
        if (heap < 0) {
            heap = jcmdHeapUsed();
        }
        Thread.sleep(500); // let RSS settle after the GC
        return new long[] {server.rssKib(), heap, sockets};
    }

    private static final Pattern GENERATION_USED = Pattern.compile("generation\\s+total \\d+K, used (\\d+)K");

    /** A Java server without /stats: a full GC, then the used heap of its generations; -1 if jcmd fails. */
    private long jcmdHeapUsed() throws IOException, InterruptedException {
        jcmd("GC.run");
        Matcher m = GENERATION_USED.matcher(jcmd("GC.heap_info"));
        long used = -1;
        while (m.find()) {
            used = Math.max(used, 0) + Long.parseLong(m.group(1)) * 1024;
        }
        return used;
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("jcmd", Long.toString(server.pid()), command)
                .redirectErrorStream(true)
                .start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return text;
    }

    // ---------------------------------------------------------------- fan-out

    private void openFanOut() throws Exception {
        if (chat) {
            setUpChatRoom(intOpt("clients", 200));
        }
        fanConns = open(intOpt("clients", 200), "bench", intOpt("senders", 4));
        Thread.sleep(500);
    }

    /**
     * Signs up one user per client (user i gets socket i) and creates one room holding all of
     * them, through the HTTP API as the web client does.
     */
    private void setUpChatRoom(int clients) throws Exception {
        String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        List<String> names = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            String name = "lg" + run + "u" + i;
            HttpResponse<String> r = post(
                    "/api/auth/signup",
                    "{\"username\":\"" + name + "\",\"email\":\"" + name
                            + "@example.com\",\"password\":\"load generator " + name + "\"}",
                    null);
            Matcher m = SESSION_COOKIE.matcher(String.join(";", r.headers().allValues("set-cookie")));
            if (!m.find()) {
                throw new IllegalStateException("signup gave no session cookie: " + r.statusCode() + " " + r.body());
            }
            names.add(name);
            tokens.add(m.group(1));
        }
        List<String> others = names.subList(1, names.size());
        String first = quoted(others.subList(0, Math.min(99, others.size())));
        Matcher room =
                ROOM_ID.matcher(post("/api/rooms", "{\"name\":\"fan-out\",\"members\":" + first + "}", tokens.get(0))
                        .body());
        if (!room.find()) {
            throw new IllegalStateException("no room id in the create answer");
        }
        chatRoomId = room.group(1);
        for (int i = 99; i < others.size(); i += 100) {
            post(
                    "/api/rooms/" + chatRoomId + "/members",
                    "{\"usernames\":" + quoted(others.subList(i, Math.min(i + 100, others.size()))) + "}",
                    tokens.get(0));
        }
        chatTokens = tokens;
    }

    private static String quoted(List<String> names) {
        return "[\"" + String.join("\",\"", names) + "\"]";
    }

    private HttpResponse<String> post(String path, String json, String token) throws IOException, InterruptedException {
        String origin = "http://127.0.0.1:" + port;
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(origin + path))
                .timeout(Duration.ofSeconds(60))
                .header("Origin", origin)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            b.header("Cookie", "fc_session=" + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(path + ": " + r.statusCode() + " " + r.body());
        }
        return r;
    }

    private void openLoopPoint(int rate) throws Exception {
        int clients = fanConns.size();
        long warmupNs = intOpt("warmup", 3) * 1_000_000_000L;
        long measureNs = intOpt("measure", 10) * 1_000_000_000L;
        measurePoint("offered=" + rate, clients, m -> {
            openLoop(senders(), rate / (double) clients, warmupNs + measureNs, warmupNs, m);
        });
    }

    private void saturationPoint(int satWindow) throws Exception {
        List<Conn> senders = senders();
        long warmupMs = intOpt("warmup", 3) * 1000L;
        long measureMs = intOpt("measure", 10) * 1000L;
        measurePoint("offered=saturate window=" + satWindow + "x" + senders.size(), fanConns.size(), m -> {
            closedLoopRunning = true;
            for (Conn s : senders) {
                for (int i = 0; i < satWindow; i++) {
                    s.sendMsg(System.nanoTime());
                }
            }
            Thread.sleep(warmupMs);
            m.start();
            Thread.sleep(measureMs);
            m.end();
            closedLoopRunning = false;
        });
    }

    private List<Conn> senders() {
        return fanConns.subList(0, intOpt("senders", 4));
    }

    private interface Load {
        void run(Measurement m) throws Exception;
    }

    /**
     * Runs one point at a quiet moment and repeats it (up to --retries times) when other
     * processes took more than --max-other percent of a core during its window: builds and tests
     * of other engineers share these two cores and can starve a single-threaded server. The
     * printed line carries the attempt count and the other processes' CPU of the kept window.
     */
    private void measurePoint(String point, int receivers, Load load) throws Exception {
        int retries = intOpt("retries", 2);
        double maxOther = intOpt("max-other", 25);
        Measurement m = null;
        int attempt = 0;
        int reconnected = 0;
        while (attempt <= retries) {
            attempt++;
            reconnected += reconnectDropped();
            awaitQuiet(maxOther);
            m = new Measurement();
            load.run(m);
            drain();
            if (m.otherCpuPct() <= maxOther) {
                break;
            }
            System.err.printf(
                    Locale.ROOT,
                    "%s %s attempt %d disturbed: other processes %.0f%% of a core%n",
                    label,
                    point,
                    attempt,
                    m.otherCpuPct());
        }
        m.emit(point + " attempts=" + attempt + " reconnectedBefore=" + reconnected, receivers);
    }

    /**
     * Replaces fan-out sockets the server closed (e.g. an overload point ended in ping
     * timeouts) so that one overloaded point does not empty every later one. Returns how many.
     */
    private int reconnectDropped() throws Exception {
        List<Conn> next = new ArrayList<>(fanConns);
        int n = 0;
        for (int i = 0; i < next.size(); i++) {
            Conn c = next.get(i);
            if (c.droppedByServer) {
                Conn fresh = new Conn(c.senderIndex, c.token);
                connect(fresh, "bench");
                fresh.ready.get(30, TimeUnit.SECONDS);
                next.set(i, fresh);
                n++;
            }
        }
        if (n > 0) {
            System.err.println(label + ": reconnected " + n + " sockets the server had closed");
            fanConns = next;
            Thread.sleep(500);
        }
        return n;
    }

    /** Waits (at most --quiet-wait seconds) until other processes use under maxOther % of a core. */
    private void awaitQuiet(double maxOther) throws InterruptedException {
        long deadline = System.nanoTime() + intOpt("quiet-wait", 60) * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            Snapshot a = snapshot();
            Thread.sleep(1000);
            if (otherCpuPct(a, snapshot()) <= maxOther) {
                return;
            }
        }
    }

    /** CPU that processes other than the server and this generator used between a and b, in % of a core. */
    private double otherCpuPct(Snapshot a, Snapshot b) {
        double secs = (b.nanos() - a.nanos()) / 1e9;
        double otherUs = (b.allUserSysJiffies() - a.allUserSysJiffies()) * 1e6 / clockTicks
                - (b.serverUserSys()[0] - a.serverUserSys()[0])
                - (b.serverUserSys()[1] - a.serverUserSys()[1])
                - (b.selfCpu() - a.selfCpu());
        return Math.max(0, 100.0 * otherUs / 1e6 / secs);
    }

    /**
     * Sends msgsPerSec messages round-robin over the senders for durationNs, stamping each with
     * its intended send time so a stalled generator or server shows up as latency (no
     * coordinated omission). The measured window opens windowStartNs into the run.
     */
    private void openLoop(List<Conn> senders, double msgsPerSec, long durationNs, long windowStartNs, Measurement m) {
        long start = System.nanoTime();
        long n = 0;
        boolean windowOpen = false;
        while (true) {
            long now = System.nanoTime();
            long elapsed = now - start;
            if (elapsed >= durationNs) {
                break;
            }
            if (m != null && !windowOpen && elapsed >= windowStartNs) {
                m.start();
                windowOpen = true;
            }
            long due = (long) (elapsed * msgsPerSec / 1e9);
            while (n < due) {
                senders.get((int) (n % senders.size())).sendMsg(start + (long) (n * 1e9 / msgsPerSec));
                n++;
            }
            LockSupport.parkNanos(100_000);
        }
        if (m != null) {
            m.end();
        }
    }

    /** Waits until deliveries stop arriving, so queued frames never leak into the next point. */
    private void drain() throws InterruptedException {
        long last = deliveries.sum();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            Thread.sleep(500);
            long now = deliveries.sum();
            if (now == last) {
                return;
            }
            last = now;
        }
        System.err.println("deliveries still arriving after 20 s drain");
    }

    /** Every counter the report needs, read at one instant. */
    private record Snapshot(
            long nanos,
            long[] serverUserSys,
            long selfCpu,
            long delivered,
            long sent,
            long disconnects,
            long sendFailures,
            long[] coreJiffies,
            long allUserSysJiffies,
            long serverWrites) {}

    private Snapshot snapshot() {
        return new Snapshot(
                System.nanoTime(),
                server.userSysMicros(),
                self.cpuMicros(),
                deliveries.sum(),
                sent.sum(),
                disconnects.sum(),
                sendFailures.sum(),
                Proc.cpuJiffies(serverCore),
                Proc.allCpusUserSysJiffies(),
                server.writeSyscalls());
    }

    /** One measured window: counters at its start and end, and the latencies recorded inside it. */
    private final class Measurement {
        private Snapshot a;
        private Snapshot b;
        private Histogram hist;

        void start() {
            latencies.reset();
            a = snapshot();
        }

        void end() {
            b = snapshot();
            hist = latencies.getIntervalHistogram();
        }

        /** The latency at a percentile in µs (the top of its bucket, so it never flatters), or -1 with no samples. */
        long percentileUs(double percentile) {
            return hist.getTotalCount() == 0 ? -1 : hist.getValueAtPercentile(percentile);
        }

        void emit(String point, int receivers) {
            double secs = (b.nanos() - a.nanos()) / 1e9;
            long delivered = b.delivered() - a.delivered();
            long serverUser = b.serverUserSys()[0] - a.serverUserSys()[0];
            long serverSys = b.serverUserSys()[1] - a.serverUserSys()[1];
            long serverCpu = serverUser + serverSys;
            long coreBusy = b.coreJiffies()[0] - a.coreJiffies()[0];
            long coreTotal = b.coreJiffies()[1] - a.coreJiffies()[1];
            double coreBusyUs = coreBusy * 1e6 / clockTicks;
            long sentInWindow = b.sent() - a.sent();
            LoadGen.this.emit(String.format(
                    Locale.ROOT,
                    "kind=fanout server=%s %s achieved=%.0f p50us=%d p99us=%d cpuUsPerDelivery=%.3f userUsPerDelivery=%.3f"
                            + " sysUsPerDelivery=%.3f coreUsPerDelivery=%.3f serverCpuPct=%.0f serverCoreBusyPct=%.0f"
                            + " genCpuPct=%.0f rssKib=%d sentPerSec=%.0f expectedPerSec=%.0f latencySamples=%d"
                            + " sendFailures=%d disconnects=%d otherCpuPct=%.0f deliveriesPerWrite=%.2f",
                    label,
                    point,
                    delivered / secs,
                    percentileUs(50),
                    percentileUs(99),
                    perDelivery(serverCpu, delivered),
                    perDelivery(serverUser, delivered),
                    perDelivery(serverSys, delivered),
                    perDelivery(coreBusyUs, delivered),
                    100.0 * serverCpu / 1e6 / secs,
                    coreTotal == 0 ? -1.0 : 100.0 * coreBusy / coreTotal,
                    100.0 * (b.selfCpu() - a.selfCpu()) / 1e6 / secs,
                    server.rssKib(),
                    sentInWindow / secs,
                    sentInWindow * (double) receivers / secs,
                    hist.getTotalCount(),
                    b.sendFailures() - a.sendFailures(),
                    b.disconnects() - a.disconnects(),
                    otherCpuPct(),
                    (double) delivered / Math.max(1, b.serverWrites() - a.serverWrites())));
        }

        double otherCpuPct() {
            return LoadGen.this.otherCpuPct(a, b);
        }

        private double perDelivery(double micros, long delivered) {
            return delivered == 0 ? -1.0 : micros / delivered;
        }
    }

    private void emit(String line) {
        line = line + " round=" + round;
        System.out.println(line);
        if (out != null) {
            out.println(line);
        }
    }

    // ---------------------------------------------------------------- connections

    /**
     * Opens count sockets (the first senderCount become senders) and waits until each has
     * finished the Socket.IO CONNECT (or, in raw mode, the WebSocket upgrade).
     */
    private List<Conn> open(int count, String room, int senderCount) throws Exception {
        List<Conn> conns = new ArrayList<>(count);
        List<CompletableFuture<Conn>> ready = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Conn c = new Conn(i < senderCount ? i : -1, chat ? chatTokens.get(i % chatTokens.size()) : null);
            conns.add(c);
            ready.add(c.ready);
            connect(c, room);
        }
        CompletableFuture.allOf(ready.toArray(new CompletableFuture<?>[0])).get(180, TimeUnit.SECONDS);
        return conns;
    }

    private void connect(Conn c, String room) throws IOException {
        String path = raw
                ? "/raw"
                : chat ? "/socket.io/?EIO=4&transport=websocket" : "/socket.io/?EIO=4&transport=websocket&room=" + room;
        c.ws = client.connect("127.0.0.1", port, path, c);
        if (raw) {
            c.ready.complete(c);
        }
    }

    private void closeAll(List<Conn> conns) {
        for (Conn c : conns) {
            c.closing = true;
            c.ws.close();
        }
    }

    /** One client socket. Its frames are handled on the client's selector thread. */
    private final class Conn implements WsClient.Handler {
        final int senderIndex;
        final String token;
        final CompletableFuture<Conn> ready = new CompletableFuture<>();
        private final java.util.concurrent.atomic.AtomicLong ackIds = new java.util.concurrent.atomic.AtomicLong();
        volatile WsClient.Conn ws;
        volatile boolean closing;
        volatile boolean droppedByServer;

        Conn(int senderIndex, String token) {
            this.senderIndex = senderIndex;
            this.token = token;
        }

        @Override
        public void onText(WsClient.Conn conn, ByteBuffer p, int pos, int len) {
            if (ws == null) {
                ws = conn; // a frame may arrive before connect() has returned
            }
            byte b0 = p.get(pos);
            if (chat) {
                onChatText(p, pos, len);
                return;
            }
            if (len > EVENT_PREFIX.length + TS_DIGITS + 3 && b0 == '4' && p.get(pos + 1) == '2') {
                onDelivery(p, pos + EVENT_PREFIX.length);
            } else if (raw) {
                return;
            } else if (b0 == '2' && len == 1) {
                send(PONG); // Engine.IO ping -> pong
            } else if (b0 == '0') {
                send(CONNECT); // Engine.IO open -> Socket.IO CONNECT to the main namespace
            } else if (b0 == '4' && len >= 2 && p.get(pos + 1) == '0') {
                ready.complete(this);
            } else if (b0 == '4' && len >= 2 && p.get(pos + 1) == '4') {
                byte[] err = new byte[len];
                p.get(pos, err);
                ready.completeExceptionally(
                        new IllegalStateException("CONNECT_ERROR " + new String(err, StandardCharsets.UTF_8)));
            }
        }

        /** Mode chat: message:new is a delivery (the payload is the body); acks and other events are ignored. */
        private void onChatText(ByteBuffer p, int pos, int len) {
            byte b0 = p.get(pos);
            if (startsWith(p, pos, len, MESSAGE_NEW)) {
                int end = pos + len - TS_DIGITS - 3;
                for (int i = pos + MESSAGE_NEW.length; i < end; i++) {
                    if (startsWith(p, i, BODY.length, BODY)) {
                        onDelivery(p, i + BODY.length);
                        return;
                    }
                }
            } else if (b0 == '2' && len == 1) {
                send(PONG);
            } else if (b0 == '0') {
                send(("40{\"token\":\"" + token + "\"}").getBytes(StandardCharsets.US_ASCII));
            } else if (b0 == '4' && len >= 2 && p.get(pos + 1) == '0') {
                String view = idleRoomId;
                if (view == null) {
                    ready.complete(this);
                } else {
                    send(("421[\"room:join\",{\"roomId\":\"" + view + "\"}]").getBytes(StandardCharsets.US_ASCII));
                }
            } else if (b0 == '4' && len >= 3 && p.get(pos + 1) == '3' && p.get(pos + 2) == '1') {
                byte[] ack = new byte[len]; // the room:join ack
                p.get(pos, ack);
                String text = new String(ack, StandardCharsets.UTF_8);
                if (text.contains("\"error\"")) {
                    ready.completeExceptionally(new IllegalStateException("room:join refused: " + text));
                } else {
                    ready.complete(this);
                }
            } else if (b0 == '4' && len >= 2 && p.get(pos + 1) == '4') {
                byte[] err = new byte[len];
                p.get(pos, err);
                ready.completeExceptionally(
                        new IllegalStateException("CONNECT_ERROR " + new String(err, StandardCharsets.UTF_8)));
            }
        }

        private static boolean startsWith(ByteBuffer p, int pos, int len, byte[] prefix) {
            if (len < prefix.length) {
                return false;
            }
            for (int i = 0; i < prefix.length; i++) {
                if (p.get(pos + i) != prefix[i]) {
                    return false;
                }
            }
            return true;
        }

        private void onDelivery(ByteBuffer p, int at) {
            long ts = 0;
            for (int i = 0; i < TS_DIGITS; i++) {
                ts = ts * 10 + (p.get(at + i) - '0');
            }
            long latencyUs = (System.nanoTime() - epoch - ts) / 1000;
            latencies.recordValue(Math.max(0, latencyUs));
            deliveries.increment();
            if (senderIndex >= 0) {
                int from = (p.get(at + TS_DIGITS + 1) - '0') * 10 + (p.get(at + TS_DIGITS + 2) - '0');
                if (from == senderIndex && closedLoopRunning) {
                    sendMsg(System.nanoTime()); // closed loop: each own echo releases one more send
                }
            }
        }

        /** Emits one 42["msg","..."] event whose string is exactly the configured payload size. */
        void sendMsg(long sendNanos) {
            if (chat) {
                sendChatMsg(sendNanos);
                return;
            }
            int size = payloadSize;
            byte[] frame = new byte[EVENT_PREFIX.length + size + 2];
            System.arraycopy(EVENT_PREFIX, 0, frame, 0, EVENT_PREFIX.length);
            int at = EVENT_PREFIX.length;
            long ts = sendNanos - epoch;
            for (int i = TS_DIGITS - 1; i >= 0; i--) {
                frame[at + i] = (byte) ('0' + ts % 10);
                ts /= 10;
            }
            at += TS_DIGITS;
            frame[at++] = ':';
            frame[at++] = (byte) ('0' + senderIndex / 10);
            frame[at++] = (byte) ('0' + senderIndex % 10);
            frame[at++] = ':';
            while (at < EVENT_PREFIX.length + size) {
                frame[at++] = 'x';
            }
            frame[at++] = '"';
            frame[at] = ']';
            sent.increment();
            send(frame);
        }

        /** 42N["message:send",{"roomId":R,"clientId":C,"text":"<the same payload as mode sio>"}]. */
        private void sendChatMsg(long sendNanos) {
            StringBuilder b = new StringBuilder(payloadSize + 120);
            b.append("42")
                    .append(ackIds.incrementAndGet())
                    .append("[\"message:send\",{\"roomId\":\"")
                    .append(chatRoomId)
                    .append("\",\"clientId\":\"lg")
                    .append(CLIENT_IDS.incrementAndGet())
                    .append("\",\"text\":\"");
            String ts = Long.toString(sendNanos - epoch);
            for (int i = ts.length(); i < TS_DIGITS; i++) {
                b.append('0');
            }
            b.append(ts)
                    .append(':')
                    .append((char) ('0' + senderIndex / 10))
                    .append((char) ('0' + senderIndex % 10))
                    .append(':');
            int textEnd = b.length() - TS_DIGITS - 4 + payloadSize;
            while (b.length() < textEnd) {
                b.append('x');
            }
            b.append("\"}]");
            sent.increment();
            send(b.toString().getBytes(StandardCharsets.US_ASCII));
        }

        private void send(byte[] text) {
            WsClient.Conn s = ws;
            if (s == null || !s.sendText(text)) {
                sendFailures.increment();
            }
        }

        @Override
        public void onClosed(WsClient.Conn conn, boolean byPeer) {
            if (!closing) {
                droppedByServer = true;
                disconnects.increment();
                ready.completeExceptionally(new IllegalStateException("closed by server"));
            }
        }
    }
}
