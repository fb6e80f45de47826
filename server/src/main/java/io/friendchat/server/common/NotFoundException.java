package io.friendchat.server.common;

/** The resource does not exist, or the caller may not know that it does. */
public final class NotFoundException extends DomainException {
    public NotFoundException(String code, String message) {
        super(code, message);
    }
}
