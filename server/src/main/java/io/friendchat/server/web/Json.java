package io.friendchat.server.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
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
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
     * one that is not valid UTF-8, does not parse, or is not an object, gets 400 with a message
     * naming the problem in our words.
     */
    public static ObjectNode body(Context ctx) {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new HttpProblem(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "Send the body as application/json.");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(utf8(ctx.bodyAsBytes()));
        } catch (StreamConstraintsException e) {
            throw new InvalidException("malformed_json", pastLimit(e));
        } catch (JsonProcessingException e) {
            var where = e.getLocation();
            String at = where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
            String detail = e.getOriginalMessage();
            // Jackson names its own settings in backquotes; those mean nothing to a client.
            detail = detail == null || detail.contains("`")
                    ? ""
                    : ": " + detail.lines().findFirst().orElse("");
            throw new InvalidException("malformed_json", "Malformed JSON" + at + detail);
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

    /**
     * Decodes strictly: JSON is UTF-8, and the JSON parser alone would accept some invalid
     * sequences (the overlong {@code C0 BC} would become {@code <}), so anything that is not
     * valid UTF-8 is refused before parsing. A leading byte-order mark is allowed, as before.
     */
    private static String utf8(byte[] body) {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidException("malformed_json", "The request body is not valid UTF-8; send JSON as UTF-8.");
        }
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** Which of the parser's limits the body went past, in our words. */
    private static String pastLimit(StreamConstraintsException e) {
        StreamReadConstraints limits = MAPPER.getFactory().streamReadConstraints();
        String which = String.valueOf(e.getOriginalMessage());
        if (which.contains("NumberLength")) {
            return "A number in the request body is too long: at most " + limits.getMaxNumberLength() + " digits.";
        }
        if (which.contains("NestingDepth")) {
            return "The request body is nested too deeply: at most " + limits.getMaxNestingDepth()
                    + " levels of arrays and objects.";
        }
        return "The request body is too large or too complex to read.";
    }
}
