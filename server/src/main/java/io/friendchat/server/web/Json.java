package io.friendchat.server.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.friendchat.server.common.InvalidException;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Locale;

/** The one JSON configuration (times as ISO-8601 strings) and strict request-body parsing. */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {}

    /**
     * The request body as a JSON object. A body that is not {@code application/json} gets 415, and
     * one that does not parse, or is not an object, gets 400 with a message naming the problem.
     */
    public static ObjectNode body(Context ctx) {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new HttpProblem(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "Send the body as application/json.");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(ctx.bodyAsBytes());
        } catch (JsonProcessingException e) {
            var where = e.getLocation();
            String at = where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
            throw new InvalidException("malformed_json", "Malformed JSON" + at + ": " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new InvalidException("malformed_json", "The request body could not be read.");
        }
        if (node == null || node.isMissingNode()) {
            throw new InvalidException("malformed_json", "The request body is empty; send a JSON object.");
        }
        if (!node.isObject()) {
            throw new InvalidException("malformed_json", "The request body must be a JSON object.");
        }
        return (ObjectNode) node;
    }
}
