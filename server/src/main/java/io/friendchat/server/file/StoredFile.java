package io.friendchat.server.file;

import java.time.Instant;

/**
 * An uploaded file. {@code mediaType} is what the server detected from the content, never what
 * the client said; {@code image} is true only for a PNG, JPEG or GIF that decoded, which alone
 * is ever served inline. {@code name} is the sanitised name it downloads as. {@code messageId}
 * is the message that carries it, null until one does.
 */
public record StoredFile(
        String id,
        String roomId,
        String uploaderId,
        String name,
        String mediaType,
        long size,
        boolean image,
        int width,
        int height,
        Instant createdAt,
        String messageId) {

    public StoredFile withMessage(String newMessageId) {
        return new StoredFile(
                id, roomId, uploaderId, name, mediaType, size, image, width, height, createdAt, newMessageId);
    }
}
