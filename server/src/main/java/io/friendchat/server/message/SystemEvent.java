package io.friendchat.server.message;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A change to a room that is kept in its history as a system message, such as
 * {@code {"type": "member_added", "by": {...}, "user": {...}}}. It is stored as JSON in the
 * message body; users are named with their id and username as they were at the time.
 */
public final class SystemEvent {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    private SystemEvent(String type) {
        fields.put("type", type);
    }

    public static SystemEvent of(String type) {
        return new SystemEvent(type);
    }

    public SystemEvent put(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    public Map<String, Object> fields() {
        return fields;
    }
}
