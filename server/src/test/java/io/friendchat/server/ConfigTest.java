package io.friendchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
    @TempDir
    Path tempDir;

    @Test
    void defaults_use_port_8080_and_the_embedded_store() {
        Config config = Config.fromEnv(
                Map.of("FRIENDCHAT_DATA_DIR", tempDir.resolve("d").toString()));

        assertEquals(8080, config.port());
        assertEquals("0.0.0.0", config.host());
        assertNull(config.mongoUri());
        assertFalse(config.usesMongo());
        assertTrue(Files.isDirectory(tempDir.resolve("d")));
    }

    @Test
    void port_that_is_not_a_number_names_the_variable() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> Config.fromEnv(Map.of("PORT", "abc", "FRIENDCHAT_DATA_DIR", tempDir.toString())));
        assertTrue(e.getMessage().startsWith("PORT "), e.getMessage());
    }

    @Test
    void port_out_of_range_is_refused() {
        assertThrows(
                ConfigException.class,
                () -> Config.fromEnv(Map.of("PORT", "70000", "FRIENDCHAT_DATA_DIR", tempDir.toString())));
        assertThrows(
                ConfigException.class,
                () -> Config.fromEnv(Map.of("PORT", "-1", "FRIENDCHAT_DATA_DIR", tempDir.toString())));
    }

    @Test
    void data_dir_that_cannot_be_created_names_the_variable() throws Exception {
        Path file = Files.writeString(tempDir.resolve("a-file"), "not a directory");
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> Config.fromEnv(
                        Map.of("FRIENDCHAT_DATA_DIR", file.resolve("sub").toString())));
        assertTrue(e.getMessage().startsWith("FRIENDCHAT_DATA_DIR "), e.getMessage());
    }

    @Test
    void malformed_mongo_uri_names_the_variable_without_echoing_it() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> Config.fromEnv(
                        Map.of("MONGO_URI", "postgres://user:secret@db", "FRIENDCHAT_DATA_DIR", tempDir.toString())));
        assertTrue(e.getMessage().startsWith("MONGO_URI "), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }

    @Test
    void mongo_uri_selects_the_mongo_store() {
        Config config = Config.fromEnv(
                Map.of("MONGO_URI", "mongodb://localhost:27017/chat", "FRIENDCHAT_DATA_DIR", tempDir.toString()));
        assertTrue(config.usesMongo());
    }

    @Test
    void allowed_origins_are_parsed_and_checked() {
        Config config = Config.fromEnv(Map.of(
                "FRIENDCHAT_DATA_DIR",
                tempDir.toString(),
                "FRIENDCHAT_ALLOWED_ORIGINS",
                " https://Chat.Example.com/ , http://localhost:3000"));
        assertEquals(java.util.List.of("https://chat.example.com", "http://localhost:3000"), config.allowedOrigins());

        ConfigException e = assertThrows(
                ConfigException.class,
                () -> Config.fromEnv(Map.of(
                        "FRIENDCHAT_DATA_DIR", tempDir.toString(), "FRIENDCHAT_ALLOWED_ORIGINS", "chat.example.com")));
        assertTrue(e.getMessage().startsWith("FRIENDCHAT_ALLOWED_ORIGINS "), e.getMessage());
    }

    @Test
    void durations_and_limits_have_defaults_and_are_checked() {
        Config config = Config.fromEnv(
                Map.of("FRIENDCHAT_DATA_DIR", tempDir.toString(), "FRIENDCHAT_SESSION_IDLE_TIMEOUT", "90m"));
        assertEquals(java.time.Duration.ofMinutes(90), config.sessionIdleTimeout());
        assertEquals(java.time.Duration.ofDays(30), config.sessionAbsoluteTimeout());
        assertEquals(10, config.limits().loginFailuresPerAccount());
        assertEquals(java.time.Duration.ofMinutes(15), config.limits().loginWindow());

        ConfigException e = assertThrows(
                ConfigException.class,
                () -> Config.fromEnv(Map.of(
                        "FRIENDCHAT_DATA_DIR", tempDir.toString(), "FRIENDCHAT_SESSION_IDLE_TIMEOUT", "seven days")));
        assertTrue(e.getMessage().startsWith("FRIENDCHAT_SESSION_IDLE_TIMEOUT "), e.getMessage());
        assertThrows(
                ConfigException.class,
                () -> Config.fromEnv(Map.of(
                        "FRIENDCHAT_DATA_DIR", tempDir.toString(), "FRIENDCHAT_LOGIN_FAILURES_PER_ACCOUNT", "0")));
    }

    @Test
    void admins_are_read_as_a_list_of_usernames_and_a_malformed_one_names_the_variable() {
        Config none = Config.fromEnv(Map.of("FRIENDCHAT_DATA_DIR", tempDir.toString()));
        assertEquals(java.util.List.of(), none.admins());
        Config two = Config.fromEnv(
                Map.of("FRIENDCHAT_ADMINS", " alice, Bob.S ,", "FRIENDCHAT_DATA_DIR", tempDir.toString()));
        assertEquals(java.util.List.of("alice", "Bob.S"), two.admins());

        ConfigException e = assertThrows(
                ConfigException.class,
                () -> Config.fromEnv(Map.of(
                        "FRIENDCHAT_ADMINS", "alice,no spaces allowed", "FRIENDCHAT_DATA_DIR", tempDir.toString())));
        assertTrue(e.getMessage().startsWith("FRIENDCHAT_ADMINS "), e.getMessage());
        assertTrue(e.getMessage().contains("'no spaces allowed'"), e.getMessage());
    }
}
