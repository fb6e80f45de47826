package io.friendchat.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Handles one event received by a socket. Arguments arrive as Jackson trees; binary attachments
 * are {@link com.fasterxml.jackson.databind.node.BinaryNode}s. A handler that throws is logged
 * with the socket id and event name, and the socket goes on.
 */
@FunctionalInterface
public interface EventHandler {
    void handle(List<JsonNode> args, Ack ack) throws Exception;
}
