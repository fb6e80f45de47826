package io.friendchat.server.file;

/**
 * The type of a file, from its first bytes only: the client's name and Content-Type are never
 * believed. Only the three image formats the web app shows inline are told apart from the rest;
 * a few common formats get their type for the download, anything else is a plain byte stream.
 */
enum ContentType {
    PNG("image/png", true),
    JPEG("image/jpeg", true),
    GIF("image/gif", true),
    PDF("application/pdf", false),
    ZIP("application/zip", false),
    OTHER("application/octet-stream", false);

    /** How many leading bytes {@link #detect} needs. */
    static final int SNIFF_BYTES = 8;

    final String mediaType;
    final boolean imageFormat;

    ContentType(String mediaType, boolean imageFormat) {
        this.mediaType = mediaType;
        this.imageFormat = imageFormat;
    }

    static ContentType detect(byte[] head, int length) {
        if (startsWith(head, length, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return PNG;
        } else if (startsWith(head, length, 0xFF, 0xD8, 0xFF)) {
            return JPEG;
        } else if (startsWith(head, length, 'G', 'I', 'F', '8', '7', 'a')
                || startsWith(head, length, 'G', 'I', 'F', '8', '9', 'a')) {
            return GIF;
        } else if (startsWith(head, length, '%', 'P', 'D', 'F', '-')) {
            return PDF;
        } else if (startsWith(head, length, 'P', 'K', 3, 4)) {
            return ZIP;
        }
        return OTHER;
    }

    private static boolean startsWith(byte[] head, int length, int... magic) {
        if (length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
