package io.friendchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.friendchat.server.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The assertions every cluster scenario ends with: every tab ends with every acknowledged message
 * exactly once, in seq order, and nothing acknowledged is missing from the store.
 */
final class DeliveryCheck {
    private static final Duration SETTLE = Duration.ofSeconds(20);

    private DeliveryCheck() {}

    /**
     * Waits (boundedly) until no tab has a send without its ack, then checks each room against
     * the store, read through the HTTP history of {@code reader} on a running node:
     *
     * <ul>
     *   <li>the store's seqs are 1..n, and no author's clientId is stored twice (a resend stored
     *       nothing new);
     *   <li>every acknowledged message is in the store, as acknowledged;
     *   <li>every tab still in the room gets, by its own pushes, gap fills and rejoins and within
     *       {@link #SETTLE}, exactly the store's messages in seq order;
     *   <li>no tab saw a problem (an error ack, a resend that returned another message, a seq
     *       pushed twice or backwards on one connection, two messages with one seq).
     * </ul>
     */
    static void assertConverged(Cluster cluster, List<ChatTab> tabs, Map<String, Person> readers)
            throws InterruptedException {
        Await.until(
                "every send to be acknowledged",
                SETTLE,
                () -> tabs.stream().allMatch(t -> t.pendingCount() == 0),
                () -> describe(tabs) + "\n" + cluster.logTails());
        Map<String, List<ChatMessage>> ackedByRoom = new HashMap<>();
        for (ChatTab tab : tabs) {
            tab.acked()
                    .values()
                    .forEach(m -> ackedByRoom
                            .computeIfAbsent(m.roomId(), r -> new ArrayList<>())
                            .add(m));
        }
        for (Map.Entry<String, Person> entry : readers.entrySet()) {
            String roomId = entry.getKey();
            List<ChatMessage> stored = history(cluster, entry.getValue(), roomId);
            for (int i = 0; i < stored.size(); i++) {
                assertEquals(i + 1, stored.get(i).seq(), "the store's seqs of room " + roomId + " have a gap");
            }
            Set<String> clientIds = new HashSet<>();
            for (ChatMessage m : stored) {
                if (m.clientId() != null && !clientIds.add(m.authorId() + "/" + m.clientId())) {
                    throw new AssertionError("the store holds " + m.clientId() + " twice in room " + roomId);
                }
            }
            for (ChatMessage m : ackedByRoom.getOrDefault(roomId, List.of())) {
                if (m.seq() > stored.size() || !stored.get((int) m.seq() - 1).equals(m)) {
                    throw new AssertionError("acknowledged " + m + " is not in the store of room " + roomId + " as "
                            + "acknowledged; the store has "
                            + (m.seq() > stored.size() ? "nothing" : stored.get((int) m.seq() - 1))
                            + " there");
                }
            }
            List<ChatTab> members = tabs.stream()
                    .filter(t -> t.log(roomId) != null && !t.removedFrom(roomId))
                    .toList();
            Await.until(
                    "every tab in room " + roomId + " to have its " + stored.size() + " messages",
                    SETTLE,
                    () -> members.stream().allMatch(t -> t.log(roomId).lastSeq() >= stored.size()),
                    () -> describe(members) + "\n" + cluster.logTails());
            for (ChatTab tab : members) {
                assertEquals(
                        stored,
                        tab.log(roomId).messages(),
                        "tab " + tab.name() + " shows room " + roomId + " unlike the store");
            }
        }
        // What the scenario did, in the test's output: a pass that exercised nothing shows here.
        for (ChatTab tab : tabs) {
            System.out.println(tab.name() + ": connected to " + tab.connectedTo() + ", sent " + tab.sends()
                    + ", sent again after a reconnect " + tab.resends() + "; messages by way of arrival "
                    + readers.keySet().stream()
                            .filter(r -> tab.log(r) != null)
                            .map(r -> tab.log(r).tally().toString())
                            .collect(Collectors.joining(" ")));
        }
        List<String> problems = tabs.stream()
                .flatMap(t -> t.problems().stream().map(p -> t.name() + ": " + p))
                .toList();
        assertEquals(List.of(), problems, "what the tabs saw go wrong");
    }

    /** Every message of a room, oldest first, paging the HTTP history backwards. */
    static List<ChatMessage> history(Cluster cluster, Person reader, String roomId) {
        FriendChatNode node = cluster.nodes().stream()
                .filter(FriendChatNode::running)
                .findFirst()
                .orElseThrow();
        List<ChatMessage> all = new ArrayList<>();
        String before = "";
        while (true) {
            TestServer.Response page = reader.api(node).get("/api/rooms/" + roomId + "/messages?limit=100" + before);
            assertEquals(200, page.status(), page.body());
            List<ChatMessage> messages = new ArrayList<>();
            for (JsonNode m : page.json().get("messages")) {
                messages.add(ChatMessage.of(m));
            }
            all.addAll(0, messages);
            if (!page.json().path("hasMore").asBoolean() || messages.isEmpty()) {
                return all;
            }
            before = "&before=" + messages.get(0).seq();
        }
    }

    static String describe(List<ChatTab> tabs) {
        return tabs.stream().map(ChatTab::describe).collect(Collectors.joining("\n"));
    }
}
