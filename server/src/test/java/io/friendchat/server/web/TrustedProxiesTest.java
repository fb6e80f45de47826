package io.friendchat.server.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {
    private static InetAddress ip(String literal) {
        return TrustedProxies.literal(literal);
    }

    @Test
    void addresses_and_cidr_ranges_match_by_prefix() {
        TrustedProxies proxies = TrustedProxies.parse("10.0.0.0/8, 192.168.1.7 ,fd00::/8, ::1");

        assertTrue(proxies.contains(ip("10.255.0.1")));
        assertFalse(proxies.contains(ip("11.0.0.1")));
        assertTrue(proxies.contains(ip("192.168.1.7")));
        assertFalse(proxies.contains(ip("192.168.1.8")));
        assertTrue(proxies.contains(ip("fd12:3456::1")));
        assertTrue(proxies.contains(ip("[::1]")));
        assertFalse(proxies.contains(ip("127.0.0.1")));
    }

    @Test
    void odd_prefixes_mask_inside_a_byte() {
        TrustedProxies proxies = TrustedProxies.parse("172.16.0.0/12");

        assertTrue(proxies.contains(ip("172.31.255.255")));
        assertFalse(proxies.contains(ip("172.32.0.0")));
    }

    @Test
    void empty_list_trusts_no_one() {
        assertTrue(TrustedProxies.parse(" ").isEmpty());
        assertFalse(TrustedProxies.parse("").contains(ip("127.0.0.1")));
    }

    @Test
    void host_names_and_bad_ranges_are_refused_without_dns() {
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse("proxy.example.com"));
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse("300.1.1.1"));
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse("10.0.0.0/x"));
        assertNull(TrustedProxies.literal("localhost"));
    }
}
