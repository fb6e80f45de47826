package io.friendchat.server.web;

import io.javalin.http.HttpStatus;

/** A failure of the HTTP exchange itself (wrong media type, too large), not of the domain. */
public final class HttpProblem extends RuntimeException {
    private final HttpStatus status;
    private final String code;

    public HttpProblem(HttpStatus status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }
}
