package io.friendchat.server.common;

import java.time.Duration;

/** The caller went past a rate limit; {@link #retryAfter()} says when it may try again. */
public final class RateLimitedException extends DomainException {
    private final Duration retryAfter;

    public RateLimitedException(String message, Duration retryAfter) {
        super("rate_limited", message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
