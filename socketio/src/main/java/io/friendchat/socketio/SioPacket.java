package io.friendchat.socketio;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One decoded Socket.IO packet.
 *
 * @param type one of the {@code *} constants
 * @param nsp the namespace, {@code "/"} for the main one
 * @param id the ack id, or -1 when absent
 * @param data the payload, or null when absent
 */
record SioPacket(int type, String nsp, long id, JsonNode data) {
    static final int CONNECT = 0;
    static final int DISCONNECT = 1;
    static final int EVENT = 2;
    static final int ACK = 3;
    static final int CONNECT_ERROR = 4;
    static final int BINARY_EVENT = 5;
    static final int BINARY_ACK = 6;
}
