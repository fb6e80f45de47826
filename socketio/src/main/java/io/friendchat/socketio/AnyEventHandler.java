package io.friendchat.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Sees every event a socket receives, before its own handlers; for logging or metrics. */
@FunctionalInterface
public interface AnyEventHandler {
    void handle(String event, List<JsonNode> args) throws Exception;
}
