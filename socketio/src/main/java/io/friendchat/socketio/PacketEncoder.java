package io.friendchat.socketio;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes Socket.IO packets in one Jackson pass. Binary values ({@code byte[]}, {@code
 * ByteBuffer}, {@code BinaryNode}) are written as {@code {"_placeholder":true,"num":n}} and
 * collected as attachments, which turns EVENT into BINARY_EVENT and ACK into BINARY_ACK.
 */
final class PacketEncoder {
    private final ObjectMapper mapper;

    PacketEncoder(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    EncodedPacket event(String nsp, long id, String event, Object[] args) {
        return encode(SioPacket.EVENT, nsp, id, event, args);
    }

    EncodedPacket ack(String nsp, long id, Object[] args) {
        return encode(SioPacket.ACK, nsp, id, null, args);
    }

    EncodedPacket connect(String nsp, String sid) {
        return EncodedPacket.of(header(SioPacket.CONNECT, 0, nsp, -1) + "{\"sid\":" + quote(sid) + "}", List.of());
    }

    EncodedPacket disconnect(String nsp) {
        return EncodedPacket.of(header(SioPacket.DISCONNECT, 0, nsp, -1), List.of());
    }

    EncodedPacket connectError(String nsp, String message, Object data) {
        var body = mapper.createObjectNode();
        body.put("message", message);
        if (data != null) {
            body.set("data", mapper.valueToTree(data));
        }
        return EncodedPacket.of(header(SioPacket.CONNECT_ERROR, 0, nsp, -1) + body, List.of());
    }

    private String quote(String s) {
        try {
            return mapper.writeValueAsString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private EncodedPacket encode(int type, String nsp, long id, String event, Object[] args) {
        StringWriter out = new StringWriter(64);
        List<byte[]> attachments = new ArrayList<>(0);
        try (JsonGenerator raw = mapper.getFactory().createGenerator(out);
                PlaceholderGenerator gen = new PlaceholderGenerator(raw, attachments)) {
            gen.writeStartArray();
            if (event != null) {
                gen.writeString(event);
            }
            for (Object arg : args) {
                mapper.writeValue(gen, arg);
            }
            gen.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode Socket.IO packet", e);
        }
        int wireType = attachments.isEmpty() ? type : type + 3;
        return EncodedPacket.of(header(wireType, attachments.size(), nsp, id) + out, attachments);
    }

    private static String header(int type, int attachments, String nsp, long id) {
        StringBuilder sb = new StringBuilder(16);
        sb.append((char) ('0' + type));
        if (type == SioPacket.BINARY_EVENT || type == SioPacket.BINARY_ACK) {
            sb.append(attachments).append('-');
        }
        if (!"/".equals(nsp)) {
            sb.append(nsp).append(',');
        }
        if (id >= 0) {
            sb.append(id);
        }
        return sb.toString();
    }

    /** Turns every binary value into a placeholder object and keeps the bytes aside. */
    private static final class PlaceholderGenerator extends JsonGeneratorDelegate {
        private final List<byte[]> attachments;

        PlaceholderGenerator(JsonGenerator d, List<byte[]> attachments) {
            super(d, false);
            this.attachments = attachments;
        }

        private void placeholder(byte[] bytes) throws IOException {
            delegate.writeStartObject();
            delegate.writeBooleanField("_placeholder", true);
            delegate.writeNumberField("num", attachments.size());
            delegate.writeEndObject();
            attachments.add(bytes);
        }

        @Override
        public void writeBinary(Base64Variant v, byte[] data, int offset, int len) throws IOException {
            placeholder(offset == 0 && len == data.length ? data : Arrays.copyOfRange(data, offset, offset + len));
        }

        @Override
        public void writeBinary(byte[] data, int offset, int len) throws IOException {
            writeBinary(null, data, offset, len);
        }

        @Override
        public void writeBinary(byte[] data) throws IOException {
            writeBinary(null, data, 0, data.length);
        }

        @Override
        public int writeBinary(Base64Variant v, InputStream data, int len) throws IOException {
            byte[] bytes = len < 0 ? data.readAllBytes() : data.readNBytes(len);
            placeholder(bytes);
            return bytes.length;
        }

        @Override
        public int writeBinary(InputStream data, int len) throws IOException {
            return writeBinary(null, data, len);
        }
    }
}
