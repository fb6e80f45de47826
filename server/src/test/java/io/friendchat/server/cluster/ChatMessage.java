package io.friendchat.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import org.json.JSONObject;

/** The fields of a message that the cluster tests compare: what a client shows and dedupes by. */
record ChatMessage(String id, String roomId, long seq, String authorId, String clientId, String body) {
    /** From a Socket.IO payload (the Java client's org.json, whose getters throw checked exceptions). */
    static ChatMessage of(JSONObject m) {
        JSONObject author = m.optJSONObject("author");
        return new ChatMessage(
                m.optString("id", null),
                m.optString("roomId", null),
                m.optLong("seq", -1),
                author == null ? null : author.optString("id", null),
                m.isNull("clientId") ? null : m.optString("clientId", null),
                m.isNull("body") ? null : m.optString("body", null));
    }

    /** From an HTTP answer. */
    static ChatMessage of(JsonNode m) {
        JsonNode author = m.path("author");
        return new ChatMessage(
                m.get("id").asText(),
                m.get("roomId").asText(),
                m.get("seq").asLong(),
                author.isObject() ? author.get("id").asText() : null,
                m.path("clientId").isTextual() ? m.get("clientId").asText() : null,
                m.path("body").isTextual() ? m.get("body").asText() : null);
    }

    @Override
    public String toString() {
        return "#" + seq + (clientId == null ? " (system)" : " " + clientId);
    }
}
