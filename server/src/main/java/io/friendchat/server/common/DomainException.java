package io.friendchat.server.common;

/**
 * A failure that a client caused or may act on. Services throw the subclasses; the one error
 * table in {@code web.ErrorTable} maps each to an HTTP status, and Socket.IO acks carry the same
 * {@code code} and {@code message}. The message is shown to users, so it never holds secrets.
 */
public abstract class DomainException extends RuntimeException {
    private final String code;

    protected DomainException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    /** A stable, machine-readable error code such as {@code not_found} or {@code username_taken}. */
    public String code() {
        return code;
    }
}
