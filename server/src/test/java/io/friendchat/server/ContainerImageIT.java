package io.friendchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.friendchat.server.web.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The image tarball that Jib built in the package phase (server/target/friendchat-image.tar), read
 * as {@code docker load} would: its tag, entrypoint, user, port, volume and files, and the
 * docker-compose.yml that runs it. No Docker daemon is needed (nor available here), and the image
 * is not run: offline, its base is {@code scratch}, with no Java inside.
 */
class ContainerImageIT {
    private static final Path TARBALL = Path.of("target", "friendchat-image.tar");

    private static String sh(String command) throws Exception {
        Process process = new ProcessBuilder("bash", "-c", command).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), command + ": " + err);
        return out;
    }

    private static JsonNode member(String name) throws Exception {
        return Json.MAPPER.readTree(sh("tar -xOf " + TARBALL + " " + name));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void the_image_runs_main_as_a_non_root_user_on_port_8080_with_data_in_a_volume() throws Exception {
        assertTrue(Files.isRegularFile(TARBALL), "no image tarball: the package phase builds it with Jib");
        JsonNode manifest = member("manifest.json").get(0);
        String version = System.getProperty("friendchat.version", "0.1.0-SNAPSHOT");
        assertEquals(List.of("friendchat:" + version), texts(manifest.get("RepoTags")));
        JsonNode config = member(manifest.get("Config").asText()).get("config");

        List<String> entrypoint = texts(config.get("Entrypoint"));
        assertEquals("java", entrypoint.get(0));
        assertEquals(Main.class.getName(), entrypoint.get(entrypoint.size() - 1));
        assertTrue(entrypoint.contains("@/app/jib-classpath-file"), entrypoint.toString());

        String user = config.get("User").asText();
        assertEquals("1000:0", user);
        assertNotEquals("0", user.split(":")[0], "the image must not run as root");

        List<String> env = new ArrayList<>();
        config.get("Env").forEach(e -> env.add(e.asText()));
        assertTrue(env.contains("PORT=8080"), env.toString());
        assertTrue(config.get("ExposedPorts").has("8080/tcp"), config.toString());
        assertTrue(env.contains("FRIENDCHAT_DATA_DIR=/data"), env.toString());
        assertTrue(config.get("Volumes").has("/data"), config.toString());

        // The layers: the data dir writable by group 0 (the user's group), the app and its health check.
        StringBuilder files = new StringBuilder();
        for (JsonNode layer : manifest.get("Layers")) {
            files.append(sh("tar -xOf " + TARBALL + " " + layer.asText() + " | tar -tvz"));
        }
        String listing = files.toString();
        assertTrue(listing.matches("(?s).*drwxrwx--- 0/0 .* data/\\n.*"), "no group-writable /data: " + listing);
        assertTrue(listing.contains("app/classes/io/friendchat/server/Main.class"), listing);
        assertTrue(listing.contains("app/classes/io/friendchat/server/HealthCheck.class"), listing);
        assertTrue(listing.contains("app/resources/logback.xml"), listing);
        assertTrue(listing.contains("app/jib-classpath-file"), listing);
    }

    @Test
    void docker_compose_runs_that_image_with_a_data_volume_and_the_health_check() throws Exception {
        String compose = Files.readString(Path.of("..", "docker-compose.yml"));
        String version = System.getProperty("friendchat.version", "0.1.0-SNAPSHOT");

        assertTrue(compose.contains("image: friendchat:" + version), compose);
        assertTrue(compose.contains("- friendchat-data:/data"), compose);
        assertTrue(compose.contains("\"8080:8080\""), compose);
        assertTrue(compose.contains("\"@/app/jib-classpath-file\", \"" + HealthCheck.class.getName() + "\""), compose);
    }
}
