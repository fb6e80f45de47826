package io.friendchat.server.store;

/** A backend failed in a way the caller cannot fix: it becomes a logged 500. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
