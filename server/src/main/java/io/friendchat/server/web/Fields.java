package io.friendchat.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.friendchat.server.common.InvalidException;
import io.friendchat.server.common.Text;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed reads of request fields. A value of the wrong JSON type, such as the object in
 * {@code {"username": {"$ne": null}}}, is refused here, so it can never reach a query as an
 * operator. Text that is not valid Unicode (a lone surrogate such as {@code "\\ud800"}) is
 * refused here too, for every field of every request and socket event, because storing it would
 * change it. Length and format rules belong to the services.
 */
public final class Fields {
    /** Longer strings are refused before any other check, to bound the work a request causes. */
    private static final int MAX_STRING = 10_000;

    private Fields() {}

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
        return wellFormed(name, value);
    }

    public static boolean requiredBoolean(ObjectNode body, String name) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            throw new InvalidException("missing_field", "'" + name + "' is required.");
        }
        if (!node.isBoolean()) {
            throw new InvalidException("invalid_type", "'" + name + "' must be true or false.");
        }
        return node.booleanValue();
    }

    private static String wellFormed(String name, String value) {
        if (!Text.isWellFormed(value)) {
            throw new InvalidException(
                    "invalid_unicode", "'" + name + "' is not valid Unicode text: it holds a lone surrogate.");
        }
        return value;
    }

    /** A whole number of 0 or more, or null when the field is absent or JSON null. */
    public static Long optionalWholeNumber(ObjectNode body, String name) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < 0) {
            throw new InvalidException("invalid_parameter", "'" + name + "' must be a whole number of 0 or more.");
        }
        return node.asLong();
    }

    /** A whole number of 0 or more. */
    public static long requiredWholeNumber(ObjectNode body, String name) {
        Long value = optionalWholeNumber(body, name);
        if (value == null) {
            throw new InvalidException("invalid_parameter", "'" + name + "' must be a whole number of 0 or more.");
        }
        return value;
    }

    /** A list of strings; absent or null gives an empty list. */
    public static List<String> stringList(ObjectNode body, String name, int maxItems) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new InvalidException("invalid_type", "'" + name + "' must be a list of strings.");
        }
        if (node.size() > maxItems) {
            throw new InvalidException("too_many_items", "'" + name + "' has more than " + maxItems + " items.");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual() || item.textValue().length() > 64) {
                throw new InvalidException("invalid_type", "'" + name + "' must be a list of short strings.");
            }
            out.add(wellFormed(name, item.textValue()));
        }
        return out;
    }

    /** An optional whole-number query parameter within bounds. */
    public static long queryLong(io.javalin.http.Context ctx, String name, long fallback, long min, long max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(raw.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new InvalidException(
                "invalid_parameter", "'" + name + "' must be a whole number from " + min + " to " + max + ".");
    }

    /** An optional text query parameter of at most {@code maxLength} characters, or null when absent. */
    public static String queryString(io.javalin.http.Context ctx, String name, int maxLength) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        if (raw.length() > maxLength || !Text.isWellFormed(raw)) {
            throw new InvalidException(
                    "invalid_parameter", "'" + name + "' must be text of at most " + maxLength + " characters.");
        }
        return raw;
    }
}
