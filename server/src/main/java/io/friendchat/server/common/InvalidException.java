package io.friendchat.server.common;

/** The input is malformed or breaks a rule. */
public final class InvalidException extends DomainException {
    public InvalidException(String code, String message) {
        super(code, message);
    }
}
