package io.friendchat.server.common;

/** The caller has no valid session. */
public final class UnauthorizedException extends DomainException {
    public UnauthorizedException(String code, String message) {
        super(code, message);
    }

    public UnauthorizedException(String message) {
        this("unauthorized", message);
    }
}
