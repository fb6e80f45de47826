package io.friendchat.server.common;

/** The caller is known but lacks the right for this action. */
public final class ForbiddenException extends DomainException {
    public ForbiddenException(String code, String message) {
        super(code, message);
    }

    public ForbiddenException(String message) {
        this("forbidden", message);
    }
}
