package io.friendchat.server.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {
    private final OriginPolicy policy = new OriginPolicy(List.of("https://app.example.com", "http://localhost:3000"));

    @Test
    void own_origin_is_the_scheme_and_host_with_default_ports_ignored() {
        assertTrue(policy.allows("https://chat.example.com", "https", "chat.example.com"));
        // nginx forwarding Host as $host:$server_port sends the default port explicitly.
        assertTrue(policy.allows("https://chat.example.com", "https", "chat.example.com:443"));
        assertTrue(policy.allows("http://Chat.Example.com", "http", "chat.example.com:80"));
        assertTrue(policy.allows("https://chat.example.com:8443", "https", "chat.example.com:8443"));

        assertFalse(policy.allows("https://chat.example.com", "https", "chat.example.com:8443"));
        assertFalse(policy.allows("http://chat.example.com", "https", "chat.example.com"), "the scheme counts");
        assertFalse(policy.allows("https://chat.example.com.evil.example", "https", "chat.example.com"));
    }

    @Test
    void listed_origins_are_allowed_whatever_the_host() {
        assertTrue(policy.isListed("https://app.example.com:443"));
        assertTrue(policy.allows("http://localhost:3000", "https", "chat.example.com"));
        assertFalse(policy.isListed("http://localhost:3001"));
        assertFalse(policy.isListed("https://chat.example.com"), "the own origin is not on the list");
    }

    @Test
    void a_missing_or_null_origin_is_not_allowed() {
        assertFalse(policy.allows(null, "https", "chat.example.com"));
        assertFalse(policy.allows("null", "https", "chat.example.com"));
        assertFalse(policy.isListed(null));
    }
}
