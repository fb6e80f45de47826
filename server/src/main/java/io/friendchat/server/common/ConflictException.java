package io.friendchat.server.common;

/** The action clashes with what is stored, such as a name already taken. */
public final class ConflictException extends DomainException {
    public ConflictException(String code, String message) {
        super(code, message);
    }
}
