package io.friendchat.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.friendchat.server.common.InvalidException;

/**
 * Typed reads of request fields. A value of the wrong JSON type, such as the object in
 * {@code {"username": {"$ne": null}}}, is refused here, so it can never reach a query as an
 * operator. Length and format rules belong to the services.
 */
public final class Fields {
    /** Longer strings are refused before any other check, to bound the work a request causes. */
    private static final int MAX_STRING = 10_000;

    private Fields() {
    }

    public static String requiredString(ObjectNode body, String name) {
        String value = optionalString(body, name);
        if (value == null) {
            throw new InvalidException("missing_field", "'" + name + "' is required.");
        }
        return value;
    }

    /** The string, or null when the field is absent or JSON null. */
    public static String optionalString(ObjectNode body, String name) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new InvalidException("invalid_type", "'" + name + "' must be a string.");
        }
        String value = node.textValue();
        if (value.length() > MAX_STRING) {
            throw new InvalidException("too_long", "'" + name + "' is too long.");
        }
        return value;
    }
}
