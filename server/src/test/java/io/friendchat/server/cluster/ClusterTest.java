package io.friendchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.friendchat.server.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * Three FriendChat nodes (each its own JVM, started as an operator would) over one MongoDB-compatible
 * server and one Redis, with official Java Socket.IO clients spread over the nodes and each user's
 * tabs on different nodes. Nodes and Redis are killed with SIGKILL in the middle of bursts of sends.
 *
 * <p>Every scenario ends with {@link DeliveryCheck#assertConverged}: each tab shows every
 * acknowledged message exactly once in seq order, built only from what it was pushed and what it
 * fetched on a join or a gap (no final reload that would hide a lost push), and the store holds
 * every acknowledged message. Node, Redis and Mongo logs are kept in {@code target/cluster-test/}.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ClusterTest {
    private static final Path DIR = Path.of("target", "cluster-test");
    /**
     * A node silent for 3 heartbeats is taken as down, which a peer notices on its next beat;
     * 2 s more for two busy cores. (No 3 s reload grace: the dead node's users are not reloading.)
     */
    private static final Duration OFFLINE_WITHIN =
            Cluster.HEARTBEAT.multipliedBy(4).plusSeconds(2);

    private static Cluster cluster;

    private final List<ChatTab> tabs = new ArrayList<>();
    private String prefix;

    @BeforeAll
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    static void startCluster() throws Exception {
        if (Files.exists(DIR)) {
            try (Stream<Path> old = Files.walk(DIR)) {
                old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        cluster = Cluster.start(Files.createDirectories(DIR), 3);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void bringBackWhatAnEarlierScenarioKilled(TestInfo test) throws IOException, InterruptedException {
        cluster.ensureRunning();
        // Usernames have at most 32 characters, unique per scenario.
        prefix = test.getTestMethod().orElseThrow().getName().substring(0, 6) + "_";
    }

    @AfterEach
    void closeTabs() {
        tabs.forEach(ChatTab::close);
    }

    @Test
    void fan_out_reaches_every_tab_on_every_node_once_in_order() throws Exception {
        Person alice = signup("alice");
        String room = roomOfThreeWithTabsOnTwoNodesEach(alice);
        Map<ChatTab, Long> before = new HashMap<>();
        tabs.forEach(t -> before.put(t, t.log(room).lastSeq()));

        for (int k = 0; k < 15; k++) {
            for (ChatTab tab : tabs) {
                tab.send(room, tab.name() + " says " + k);
            }
        }

        DeliveryCheck.assertConverged(cluster, tabs, Map.of(room, alice));
        // With nothing killed, every message must come as a push on every node: a log that
        // only converged through gap fills would hide a bus that delivers nothing.
        for (ChatTab tab : tabs) {
            RoomLog log = tab.log(room);
            for (long seq = before.get(tab) + 1; seq <= log.lastSeq(); seq++) {
                assertEquals(RoomLog.Source.LIVE, log.source(seq), tab.name() + " did not get #" + seq + " pushed");
            }
        }
    }

    @Test
    void node_killed_mid_burst_loses_nothing_and_its_tabs_resend_elsewhere() throws Exception {
        Person alice = signup("alice");
        Person bob = signup("bob");
        Person carol = signup("carol");
        Person dan = signup("dan");
        String room = createRoom(alice, "node-dies", bob, carol, dan);
        FriendChatNode victim = cluster.node(2);
        openTabs(room, alice, 0, 2);
        openTabs(room, bob, 1, 2);
        openTabs(room, carol, 2, 0);
        openTabs(room, dan, 2);
        List<ChatTab> onVictim = tabs.stream()
                .filter(t -> t.connectedTo().equals(List.of(victim.id())))
                .toList();
        Burst burst = Burst.start(tabs, room, 30, Duration.ofMillis(20));

        Await.until(
                "a third of the burst to be acknowledged",
                Duration.ofSeconds(20),
                () -> acked() >= tabs.size() * 30 / 3);
        // Sends in flight at the moment of the kill: stored or not, unacknowledged either way.
        onVictim.forEach(t -> t.send(room, t.name() + " just before the kill"));
        victim.kill9();
        burst.join();

        DeliveryCheck.assertConverged(cluster, tabs, Map.of(room, alice));
        for (ChatTab tab : onVictim) {
            List<String> nodes = tab.connectedTo();
            assertNotEquals(victim.id(), nodes.get(nodes.size() - 1), tab.name() + " is still on the dead node");
        }
        assertTrue(
                onVictim.stream().mapToInt(ChatTab::resends).sum() > 0,
                "no tab of the dead node had to send anything again: the kill came after the burst");
    }

    @Test
    void redis_killed_mid_burst_and_restarted_loses_nothing() throws Exception {
        Person alice = signup("alice");
        String room = roomOfThreeWithTabsOnTwoNodesEach(alice);
        Burst first = Burst.start(tabs, room, 10, Duration.ofMillis(10));
        Await.until(
                "a third of the first burst to be acknowledged",
                Duration.ofSeconds(20),
                () -> acked() >= 10 * tabs.size() / 3);
        cluster.redis().kill9();
        first.join();
        cluster.awaitRedis("down", Duration.ofSeconds(15));

        // While Redis is down, sends are still stored and acknowledged, and reach the tabs on the
        // sender's own node.
        Burst.start(tabs, room, 10, Duration.ofMillis(10)).join();
        Await.until(
                "every send made while Redis is down to be acknowledged",
                Duration.ofSeconds(20),
                () -> tabs.stream().allMatch(t -> t.pendingCount() == 0),
                () -> DeliveryCheck.describe(tabs));
        for (ChatTab sender : tabs) {
            String node = last(sender.connectedTo());
            for (ChatMessage m : sender.acked().values()) {
                for (ChatTab neighbour : tabs) {
                    if (last(neighbour.connectedTo()).equals(node)) {
                        Await.until(
                                neighbour.name() + " to get " + m + " from its own node while Redis is down",
                                Duration.ofSeconds(10),
                                () -> neighbour.log(room).lastSeq() >= m.seq(),
                                neighbour::describe);
                    }
                }
            }
        }

        cluster.redis().restart();
        cluster.awaitRedis("up", Duration.ofSeconds(30));
        // The nodes catch up by themselves once Redis is back: no later message shows the tabs
        // a gap to fill. 20 s covers a node's slow periodic sweep as well.
        long stored = DeliveryCheck.history(cluster, alice, room).size();
        Await.until(
                "every tab to get the messages sent while Redis was down, before any new one",
                Duration.ofSeconds(20),
                () -> tabs.stream().allMatch(t -> t.log(room).lastSeq() >= stored),
                () -> DeliveryCheck.describe(tabs));
        Burst.start(tabs, room, 10, Duration.ofMillis(10)).join();

        DeliveryCheck.assertConverged(cluster, tabs, Map.of(room, alice));
    }

    @Test
    void member_removed_through_one_node_gets_nothing_more_on_the_others() throws Exception {
        Person alice = signup("alice");
        Person bob = signup("bob");
        Person carol = signup("carol");
        Person dan = signup("dan");
        String team = createRoom(alice, "team", bob, carol, dan);
        String lobby = createRoom(alice, "lobby", bob, carol, dan);
        List<String> both = List.of(team, lobby);
        ChatTab aliceTab = open(alice, 0, both);
        ChatTab bobOnB = open(bob, 1, both);
        ChatTab bobOnC = open(bob, 2, both);
        ChatTab carolOnB = open(carol, 1, both);
        ChatTab danOnC = open(dan, 2, both);
        aliceTab.send(team, "before the removal");
        DeliveryCheck.assertConverged(cluster, tabs, Map.of(team, alice, lobby, alice));

        TestServer.Response removal = alice.api(cluster.node(0)).delete("/api/rooms/" + team + "/members/" + bob.id());
        assertEquals(204, removal.status(), removal.body());
        aliceTab.send(team, "after the removal");
        Await.until(
                "the message after the removal to be acknowledged",
                Duration.ofSeconds(10),
                () -> aliceTab.pendingCount() == 0);
        ChatMessage after = aliceTab.acked().values().stream()
                .filter(m -> "after the removal".equals(m.body()))
                .findFirst()
                .orElseThrow();
        for (ChatTab tab : List.of(carolOnB, danOnC)) {
            Await.until(
                    tab.name() + " to get the message after the removal",
                    Duration.ofSeconds(10),
                    () -> tab.log(team).has(after),
                    tab::describe);
        }
        // A later message that bob's tabs do get, from their own nodes, sent once that node had
        // pushed "after the removal" to a neighbour: had bob's sockets still been in the room,
        // "after the removal" would have come first on the same connection.
        carolOnB.send(lobby, "later, on node B");
        danOnC.send(lobby, "later, on node C");
        for (ChatTab bobTab : List.of(bobOnB, bobOnC)) {
            Await.until(
                    bobTab.name() + " to get the later lobby messages",
                    Duration.ofSeconds(10),
                    () -> bobTab.log(lobby).messages().stream()
                                    .filter(m -> m.body() != null && m.body().startsWith("later, on node"))
                                    .count()
                            == 2,
                    bobTab::describe);
            assertTrue(bobTab.removedFrom(team), bobTab.name() + " was not told it was removed");
            List<ChatTab.Push> leaked = bobTab.pushes().stream()
                    .filter(p -> p.roomId().equals(team) && p.seq() >= after.seq())
                    .toList();
            assertEquals(List.of(), leaked, bobTab.name() + " got messages of a room it was removed from");
            List<ChatMessage> seen = bobTab.log(team).messages();
            assertEquals(
                    DeliveryCheck.history(cluster, alice, team).subList(0, seen.size()),
                    seen,
                    bobTab.name() + " shows the room unlike the store up to its removal");
        }

        DeliveryCheck.assertConverged(cluster, tabs, Map.of(team, alice, lobby, alice));
    }

    @Test
    void presence_after_a_node_dies_without_flicker_for_users_still_online() throws Exception {
        Person olive = signup("olive");
        Person carol = signup("carol");
        Person dave = signup("dave");
        Person erin = signup("erin");
        String room = createRoom(olive, "presence", carol, dave, erin);
        FriendChatNode victim = cluster.node(2);
        ChatTab observer = open(olive, 0, List.of(room));
        openTabs(room, carol, 2, 1); // still has a tab on node 2 after node 3 dies
        ChatTab daveTab = open(dave, 2, List.of(room), false);
        open(erin, 2, List.of(room)); // her only tab reconnects to another node
        Await.until(
                "olive to see carol, dave and erin online",
                Duration.ofSeconds(10),
                () -> online(olive, room, carol, dave, erin).equals(List.of(true, true, true)),
                () -> "online flags: " + online(olive, room, carol, dave, erin));

        long killedAt = System.nanoTime();
        victim.kill9();
        Await.until(
                "dave, whose only node died, to go offline for olive within " + OFFLINE_WITHIN.toMillis() + " ms",
                OFFLINE_WITHIN,
                () -> observer.presence().stream().anyMatch(p -> p.userId().equals(dave.id()) && !p.online()),
                () -> "olive's presence events: " + observer.presence());
        long offlineAfter = TimeUnit.NANOSECONDS.toMillis(observer.presence().stream()
                        .filter(p -> p.userId().equals(dave.id()) && !p.online())
                        .findFirst()
                        .orElseThrow()
                        .atNanos()
                - killedAt);

        System.out.println("dave went offline for olive " + offlineAfter + " ms after his node was killed");
        // A message sent after dave went offline and pushed to olive: any offline event for carol
        // or erin decided with dave's (the node's death) would have come before it.
        ChatTab carolTab = tabs.stream()
                .filter(t -> t.user().equals(carol) && !last(t.connectedTo()).equals(victim.id()))
                .findFirst()
                .orElseThrow();
        carolTab.send(room, "still here");
        Await.until(
                "olive to get carol's later message",
                Duration.ofSeconds(10),
                () -> observer.log(room).messages().stream().anyMatch(m -> "still here".equals(m.body())),
                observer::describe);
        List<ChatTab.PresenceEvent> flickers = observer.presence().stream()
                .filter(p -> !p.online()
                        && (p.userId().equals(carol.id()) || p.userId().equals(erin.id())))
                .toList();
        assertEquals(
                List.of(),
                flickers,
                "olive saw users with a live tab go offline (carol, erin: " + carol.id() + ", " + erin.id() + ")");
        assertEquals(
                List.of(true, false, true),
                online(olive, room, carol, dave, erin),
                "online flags of carol, dave, erin after dave went offline in " + offlineAfter + " ms");

        List<ChatTab> live = tabs.stream().filter(t -> t != daveTab).toList();
        DeliveryCheck.assertConverged(cluster, live, Map.of(room, olive));
    }

    /** A room of alice, bob and carol, each with a tab on two nodes: n1+n2, n2+n3, n3+n1. */
    private String roomOfThreeWithTabsOnTwoNodesEach(Person alice) throws Exception {
        Person bob = signup("bob");
        Person carol = signup("carol");
        String room = createRoom(alice, "three", bob, carol);
        openTabs(room, alice, 0, 1);
        openTabs(room, bob, 1, 2);
        openTabs(room, carol, 2, 0);
        return room;
    }

    private Person signup(String name) {
        return Person.signup(cluster.node(0), prefix + name);
    }

    private String createRoom(Person owner, String name, Person... members) {
        StringBuilder usernames = new StringBuilder();
        for (Person m : members) {
            usernames
                    .append(usernames.isEmpty() ? "" : ",")
                    .append('"')
                    .append(m.username())
                    .append('"');
        }
        TestServer.Response created = owner.api(cluster.node(0))
                .post("/api/rooms", "{\"name\":\"" + name + "\",\"members\":[" + usernames + "]}");
        assertEquals(201, created.status(), created.body());
        return created.json().at("/room/id").asText();
    }

    /** One tab of {@code user} on each of the given nodes. */
    private void openTabs(String room, Person user, int... nodes) throws Exception {
        for (int node : nodes) {
            open(user, node, List.of(room));
        }
    }

    private ChatTab open(Person user, int node, List<String> rooms) throws Exception {
        return open(user, node, rooms, true);
    }

    private ChatTab open(Person user, int node, List<String> rooms, boolean reconnects) throws Exception {
        ChatTab tab = ChatTab.open(
                user.username() + "@" + cluster.node(node).id() + "#" + tabs.size(),
                user,
                cluster.nodes(),
                node,
                rooms,
                reconnects);
        tabs.add(tab);
        return tab;
    }

    private int acked() {
        return tabs.stream().mapToInt(t -> t.acked().size()).sum();
    }

    /** The {@code online} flags of some members, as {@code viewer} reads the room over HTTP. */
    private List<Boolean> online(Person viewer, String room, Person... members) {
        FriendChatNode node = cluster.nodes().stream()
                .filter(FriendChatNode::running)
                .findFirst()
                .orElseThrow();
        JsonNode detail = viewer.api(node).get("/api/rooms/" + room).json();
        List<Boolean> flags = new ArrayList<>();
        for (Person m : members) {
            boolean online = false;
            for (JsonNode member : detail.at("/room/members")) {
                if (member.path("id").asText().equals(m.id())) {
                    online = member.path("online").asBoolean();
                }
            }
            flags.add(online);
        }
        return flags;
    }

    private static String last(List<String> list) {
        return list.get(list.size() - 1);
    }
}
