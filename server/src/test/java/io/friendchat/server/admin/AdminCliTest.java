package io.friendchat.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.friendchat.server.Main;
import io.friendchat.server.common.Ids;
import io.friendchat.server.message.Message;
import io.friendchat.server.message.NewMessage;
import io.friendchat.server.store.DataStore;
import io.friendchat.server.store.sqlite.SqliteDataStore;
import io.friendchat.server.testing.ApiClient;
import io.friendchat.server.testing.Backend;
import io.friendchat.server.testing.ChildJvm;
import io.friendchat.server.testing.TestServer;
import io.friendchat.server.web.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin command, run in this JVM through its entry point against a real SQLite file (and the
 * in-process Mongo server where the store matters), with a real server on the same store.
 */
class AdminCliTest {
    @TempDir
    Path dir;

    private TestServer server;

    /** What one run printed, and its exit status. */
    record Run(int status, String out, String err) {}

    private Map<String, String> env() {
        return Backend.SQLITE.newTarget(dir.resolve("data")).env();
    }

    private Run withStdin(String stdin, String... args) {
        return admin(env(), stdin, args);
    }

    private static Run admin(Map<String, String> env, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = AdminCli.run(
                args,
                env,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Run admin(String... args) {
        return withStdin("", args);
    }

    private TestServer server() {
        if (server == null) {
            server = TestServer.start(env());
        }
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private int login(String username, String password) {
        return server().client()
                .post("/api/auth/login", "{\"login\":\"" + username + "\",\"password\":\"" + password + "\"}")
                .status();
    }

    @Test
    void help_lists_every_command_and_each_command_has_its_own() {
        Run help = admin("--help");
        assertEquals(0, help.status());
        for (String command : List.of(
                "create-user",
                "reset-password",
                "make-admin",
                "remove-admin",
                "deactivate",
                "reactivate",
                "backup",
                "export-room")) {
            assertTrue(help.out().contains("friendchat admin " + command), command + " in\n" + help.out());
            Run one = admin(command, "--help");
            assertEquals(0, one.status());
            assertTrue(one.out().startsWith("Usage: friendchat admin " + command), one.out());
        }
    }

    @Test
    void bad_command_lines_exit_2_with_a_clear_message() {
        record Case(String[] args, String says) {}
        List<Case> cases = List.of(
                new Case(new String[] {}, "Usage"),
                new Case(new String[] {"frobnicate"}, "unknown command 'frobnicate'"),
                new Case(new String[] {"make-admin"}, "make-admin takes USERNAME, given nothing"),
                new Case(new String[] {"make-admin", "a", "b"}, "given a b"),
                new Case(new String[] {"deactivate", "--force", "x"}, "unknown option --force"),
                new Case(new String[] {"create-user", "x", "x@example.com", "--display-name"}, "needs a value"),
                new Case(new String[] {"reset-password", "x", "--stdin"}, "stdin holds no password"));
        for (Case c : cases) {
            Run run = admin(c.args());
            assertEquals(2, run.status(), String.join(" ", c.args()) + ": " + run.err());
            assertTrue(run.err().contains(c.says()), "expected '" + c.says() + "' in: " + run.err());
        }
        Run config = admin(Map.of("PORT", "nope"), "", "make-admin", "x");
        assertEquals(2, config.status());
        assertTrue(config.err().contains("configuration error: PORT"), config.err());
    }

    @Test
    void a_created_user_logs_in_with_the_one_time_password_and_a_reset_ends_their_sessions() throws Exception {
        Run created = admin("create-user", "carol", "carol@example.com", "--display-name", "Carol C.");
        assertEquals(0, created.status(), created.err());
        String oneTime = created.out().trim();
        assertEquals(20, oneTime.length(), "only the password on stdout: " + created.out());
        ApiClient carol = server().client();
        assertEquals(
                200,
                carol.post("/api/auth/login", "{\"login\":\"carol\",\"password\":\"" + oneTime + "\"}")
                        .status());
        assertEquals(
                "Carol C.", carol.get("/api/me").json().at("/user/displayName").asText());

        Run reset = withStdin("a new secret phrase\n", "reset-password", "CAROL", "--stdin");

        assertEquals(0, reset.status(), reset.err());
        assertEquals("", reset.out(), "a password read from stdin is not printed");
        assertEquals(401, carol.get("/api/me").status(), "the reset ended the running server's session");
        assertEquals(401, login("carol", oneTime));
        assertEquals(200, login("carol", "a new secret phrase"));

        Run printed = admin("reset-password", "carol");
        assertEquals(0, printed.status());
        assertEquals(200, login("carol", printed.out().trim()));

        Run weak = withStdin("password\n", "reset-password", "carol", "--stdin");
        assertEquals(1, weak.status());
        assertTrue(weak.err().contains("password_too_common"), weak.err());
        Run taken = admin("create-user", "Carol", "other@example.com");
        assertEquals(1, taken.status());
        assertTrue(taken.err().contains("username_taken"), taken.err());
        Run nobody = admin("reset-password", "nobody");
        assertEquals(1, nobody.status());
        assertTrue(nobody.err().contains("No user named 'nobody'"), nobody.err());
    }

    @Test
    void admin_flags_and_deactivation_take_effect_on_a_running_server_and_are_audited() {
        ApiClient dave = server().client().signup("dave");
        assertFalse(dave.get("/api/me").json().at("/user/admin").asBoolean());

        assertEquals(0, admin("make-admin", "dave").status());
        assertTrue(dave.get("/api/me").json().at("/user/admin").asBoolean());
        assertEquals(200, dave.get("/api/admin/stats").status());

        assertEquals(0, admin("remove-admin", "dave").status());
        assertEquals(403, dave.get("/api/admin/stats").status());

        Run deactivated = admin("deactivate", "dave");
        assertEquals(0, deactivated.status(), deactivated.err());
        assertEquals(401, dave.get("/api/me").status());
        assertEquals(403, login("dave", ApiClient.password("dave")));
        assertEquals(0, admin("reactivate", "dave").status());
        assertEquals(200, login("dave", ApiClient.password("dave")));

        Map<String, String> named = new java.util.HashMap<>(env());
        named.put("FRIENDCHAT_ADMINS", "dave");
        Run stays = admin(named, "", "remove-admin", "dave");
        assertEquals(0, stays.status());
        assertTrue(stays.err().contains("stays an admin while FRIENDCHAT_ADMINS"), stays.err());

        ApiClient boss = server().client().signup("boss");
        assertEquals(0, admin("make-admin", "boss").status());
        List<String> actions = new ArrayList<>();
        JsonNode entries = boss.get("/api/admin/audit").json().get("entries");
        entries.forEach(e ->
                actions.add(e.get("action").asText() + " " + e.get("targetName").asText()));
        assertEquals(
                List.of(
                        "admin_granted boss",
                        "admin_revoked dave",
                        "user_reactivated dave",
                        "user_deactivated dave",
                        "admin_revoked dave",
                        "admin_granted dave"),
                actions);
        assertEquals("cli", entries.get(0).get("via").asText());
        assertEquals(
                System.getProperty("user.name"), entries.get(0).get("actorName").asText());
    }

    @Test
    void backup_taken_while_the_server_writes_is_a_consistent_store() throws Exception {
        DataStore live = server().server().store();
        String roomId = Ids.newId();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong acknowledged = new AtomicLong();
        Thread writer = new Thread(() -> {
            for (int i = 0; writing.get(); i++) {
                live.messages()
                        .append(new NewMessage(
                                Ids.newId(), roomId, "writer", "c" + i, Message.Kind.TEXT, "m" + i, Instant.now()));
                acknowledged.incrementAndGet();
            }
        });
        writer.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (acknowledged.get() < 200 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            long before = acknowledged.get();
            assertTrue(before >= 200, "the writer got going");

            Path backupDir = Files.createDirectories(dir.resolve("restored"));
            Run backup =
                    admin("backup", backupDir.resolve(SqliteDataStore.FILE_NAME).toString());

            long after = acknowledged.get();
            assertEquals(0, backup.status(), backup.err());
            assertTrue(after > before, "the server kept writing during the backup");
            try (Connection c =
                            DriverManager.getConnection("jdbc:sqlite:" + backupDir.resolve(SqliteDataStore.FILE_NAME));
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                assertEquals("ok", rs.getString(1));
            }
            try (SqliteDataStore copy = new SqliteDataStore(backupDir)) {
                long last = copy.messages().latest(roomId).orElseThrow().seq();
                assertTrue(last >= before, "every write acknowledged before the backup began is in it");
                List<Message> all = copy.messages().after(roomId, 0, (int) last + 10);
                assertEquals(last, all.size(), "seqs 1.." + last + " with no gap");
                assertEquals(last, all.get(all.size() - 1).seq());
                assertEquals(copy.messages().count(), last);
            }
        } finally {
            writing.set(false);
            writer.join(10_000);
        }
        Run again = admin(
                "backup",
                dir.resolve("restored").resolve(SqliteDataStore.FILE_NAME).toString());
        assertEquals(1, again.status());
        assertTrue(again.err().contains("already exists"), again.err());
        Run nowhere = admin("backup", dir.resolve("no/such/folder/b.db").toString());
        assertEquals(1, nowhere.status());
        assertTrue(nowhere.err().contains("does not exist"), nowhere.err());
    }

    @Test
    void backup_of_the_mongo_store_says_to_use_mongodump() {
        Map<String, String> mongo = Backend.MONGO.newTarget(dir.resolve("m")).env();
        Run run = admin(mongo, "", "backup", dir.resolve("b.db").toString());
        assertEquals(1, run.status());
        assertTrue(run.err().contains("mongodump"), run.err());
        assertFalse(Files.exists(dir.resolve("b.db")));
    }

    @Test
    void export_room_writes_the_whole_history_as_json() throws Exception {
        ApiClient erin = server().client().signup("erin");
        server().client().signup("finn");
        String room = erin.post("/api/rooms", "{\"name\":\"Exported\",\"members\":[\"finn\"]}")
                .json()
                .at("/room/id")
                .asText();
        DataStore live = server().server().store();
        String erinId = erin.userId();
        for (int i = 0; i < 1200; i++) {
            live.messages()
                    .append(new NewMessage(
                            Ids.newId(), room, erinId, "c" + i, Message.Kind.TEXT, "line " + i, Instant.now()));
        }
        Path file = dir.resolve("room.json");

        Run run = admin("export-room", room, file.toString());

        assertEquals(0, run.status(), run.err());
        JsonNode export = Json.MAPPER.readTree(file.toFile());
        assertEquals("Exported", export.at("/room/name").asText());
        assertEquals(2, export.get("members").size());
        JsonNode messages = export.get("messages");
        assertEquals(1202, messages.size(), "two system messages and every text, across export pages");
        for (int i = 0; i < messages.size(); i++) {
            assertEquals(i + 1, messages.get(i).get("seq").asLong());
        }
        assertEquals("room_created", messages.get(0).at("/system/type").asText());
        assertEquals("line 1199", messages.get(1201).get("body").asText());
        assertEquals("erin", messages.get(1201).at("/author/username").asText());

        Run exists = admin("export-room", room, file.toString());
        assertEquals(1, exists.status());
        Run missing =
                admin("export-room", Ids.newId(), dir.resolve("other.json").toString());
        assertEquals(1, missing.status());
        assertTrue(missing.err().contains("No room with the id"), missing.err());
        assertFalse(Files.exists(dir.resolve("other.json")), "a failed export leaves no file");
        Run toStdout = admin("export-room", room, "-");
        assertEquals(0, toStdout.status());
        assertEquals(1202, Json.MAPPER.readTree(toStdout.out()).get("messages").size());
    }

    @Test
    void the_jar_entry_point_runs_the_admin_command_and_passes_its_exit_status() throws Exception {
        Process help = ChildJvm.start(Main.class, env(), dir, "admin", "--help");
        String out = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(help.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, help.exitValue());
        assertTrue(out.startsWith("Usage: friendchat admin COMMAND"), out);

        Process bad = ChildJvm.start(Main.class, env(), dir, "admin", "deactivate", "nobody");
        String err = new String(bad.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(bad.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, bad.exitValue(), err);
        assertTrue(err.contains("No user named 'nobody'"), err);
    }
}
