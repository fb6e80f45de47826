package io.friendchat.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a client presented when it connected: the HTTP request that opened the Engine.IO session,
 * plus the {@code auth} payload of its Socket.IO CONNECT packet.
 *
 * @param headers request headers, names in lower case; those that only served the HTTP exchange
 *     or the WebSocket handshake ({@code connection}, {@code upgrade}, {@code sec-websocket-*},
 *     {@code content-*}, {@code accept-encoding}, {@code cache-control}, {@code pragma}) are not
 *     kept, since a handshake stays in memory as long as its connection
 * @param query query parameters of the opening request (first value of each)
 * @param remoteAddress the peer's IP address
 * @param secure whether the request came over TLS
 * @param issued when the Engine.IO session was opened
 * @param auth the CONNECT payload; an empty object when the client sent none
 */
public record Handshake(
        Map<String, List<String>> headers,
        Map<String, String> query,
        String remoteAddress,
        boolean secure,
        Instant issued,
        JsonNode auth) {

    /** The first value of a header (any case), or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** A query parameter of the opening request, or null. */
    public String query(String name) {
        return query.get(name);
    }

    /** The value of a cookie from the {@code Cookie} headers, or null. */
    public String cookie(String name) {
        List<String> values = headers.get("cookie");
        if (values == null) {
            return null;
        }
        for (String header : values) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).trim().equals(name)) {
                    String value = pair.substring(eq + 1).trim();
                    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                        value = value.substring(1, value.length() - 1);
                    }
                    return value;
                }
            }
        }
        return null;
    }

    Handshake withAuth(JsonNode newAuth) {
        return new Handshake(headers, query, remoteAddress, secure, issued, newAuth);
    }
}
