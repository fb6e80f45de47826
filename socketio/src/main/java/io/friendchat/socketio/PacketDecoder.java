package io.friendchat.socketio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decodes the Socket.IO packets of one connection, reassembling binary packets from their
 * attachments. Not thread-safe: one instance per connection, fed in arrival order. Every
 * malformed input raises {@link ProtocolException}, after which the connection is closed.
 */
final class PacketDecoder {
    /** Like socket.io-parser's default, so a header cannot make the server wait for millions. */
    static final int MAX_ATTACHMENTS = 10;

    private static final Set<String> RESERVED_EVENTS =
            Set.of("connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener");

    private final ObjectMapper mapper;
    private SioPacket pending;
    private int expected;
    private List<byte[]> buffers;

    PacketDecoder(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Returns the packet, or null while binary attachments are still to come. */
    SioPacket decode(String s) throws ProtocolException {
        if (pending != null) {
            throw new ProtocolException("got plaintext data when reconstructing a packet");
        }
        int len = s.length();
        if (len == 0) {
            throw new ProtocolException("empty packet");
        }
        int type = s.charAt(0) - '0';
        if (type < 0 || type > 6) {
            throw new ProtocolException("unknown packet type " + s.charAt(0));
        }
        int i = 1;
        int attachments = 0;
        if (type == SioPacket.BINARY_EVENT || type == SioPacket.BINARY_ACK) {
            int start = i;
            while (i < len && isDigit(s.charAt(i))) {
                i++;
            }
            if (i == start || i == len || s.charAt(i) != '-' || i - start > 3) {
                throw new ProtocolException("illegal attachments");
            }
            attachments = Integer.parseInt(s, start, i, 10);
            if (attachments > MAX_ATTACHMENTS) {
                throw new ProtocolException("too many attachments: " + attachments);
            }
            i++;
        }
        String nsp = "/";
        if (i < len && s.charAt(i) == '/') {
            int comma = s.indexOf(',', i);
            int end = comma < 0 ? len : comma;
            nsp = s.substring(i, end);
            i = comma < 0 ? len : comma + 1;
        }
        long id = -1;
        int idStart = i;
        while (i < len && isDigit(s.charAt(i))) {
            i++;
        }
        if (i > idStart) {
            if (i - idStart > 15) {
                throw new ProtocolException("ack id too long");
            }
            id = Long.parseLong(s, idStart, i, 10);
        }
        JsonNode data = null;
        if (i < len) {
            try {
                data = mapper.readTree(s.substring(i));
            } catch (JsonProcessingException e) {
                throw new ProtocolException("invalid payload");
            }
        }
        if (!payloadValid(type, data)) {
            throw new ProtocolException("invalid payload for packet type " + type);
        }
        SioPacket packet = new SioPacket(type, nsp, id, data);
        if (attachments == 0) {
            return packet;
        }
        pending = packet;
        expected = attachments;
        buffers = new ArrayList<>(attachments);
        return null;
    }

    /** Adds one binary attachment; returns the finished packet when it was the last one. */
    SioPacket addBinary(byte[] data) throws ProtocolException {
        if (pending == null) {
            throw new ProtocolException("got binary data when not reconstructing a packet");
        }
        buffers.add(data);
        if (buffers.size() < expected) {
            return null;
        }
        SioPacket packet = pending;
        List<byte[]> attached = buffers;
        pending = null;
        buffers = null;
        JsonNode data2 = replacePlaceholders(packet.data(), attached);
        return new SioPacket(packet.type(), packet.nsp(), packet.id(), data2);
    }

    private static JsonNode replacePlaceholders(JsonNode node, List<byte[]> attached) throws ProtocolException {
        if (node instanceof ObjectNode obj) {
            if (obj.path("_placeholder").asBoolean(false) && obj.has("num")) {
                JsonNode num = obj.get("num");
                if (!num.canConvertToInt() || num.asInt() < 0 || num.asInt() >= attached.size()) {
                    throw new ProtocolException("illegal attachment index");
                }
                return BinaryNode.valueOf(attached.get(num.asInt()));
            }
            Iterator<Map.Entry<String, JsonNode>> fields = obj.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                field.setValue(replacePlaceholders(field.getValue(), attached));
            }
        } else if (node instanceof ArrayNode arr) {
            for (int k = 0; k < arr.size(); k++) {
                arr.set(k, replacePlaceholders(arr.get(k), attached));
            }
        }
        return node;
    }

    private static boolean payloadValid(int type, JsonNode data) {
        switch (type) {
            case SioPacket.CONNECT:
                return data == null || data.isObject();
            case SioPacket.DISCONNECT:
                return data == null;
            case SioPacket.CONNECT_ERROR:
                return data != null && (data.isTextual() || data.isObject());
            case SioPacket.EVENT:
            case SioPacket.BINARY_EVENT:
                return data != null
                        && data.isArray()
                        && !data.isEmpty()
                        && (data.get(0).isNumber()
                                || (data.get(0).isTextual()
                                        && !RESERVED_EVENTS.contains(data.get(0).asText())));
            case SioPacket.ACK:
            case SioPacket.BINARY_ACK:
                return data != null && data.isArray();
            default:
                return false;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
