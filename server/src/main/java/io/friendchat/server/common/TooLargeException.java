package io.friendchat.server.common;

/** An upload over the configured size limit (413), refused before it is read whole. */
public final class TooLargeException extends DomainException {
    public TooLargeException(long maxBytes) {
        super("file_too_large", "The file is larger than the limit of " + maxBytes + " bytes.");
    }
}
