package io.friendchat.server.web;

import io.javalin.http.Context;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per request: method, path, status, milliseconds and a request id, which is also
 * sent back as {@code X-Request-Id}. The query string, headers and body are never logged, so
 * passwords, tokens and cookies cannot leak into the log.
 */
public final class RequestLog {
    private static final Logger log = LoggerFactory.getLogger("friendchat.http");
    private static final String ATTRIBUTE = "friendchat.rid";

    private RequestLog() {}

    /** The request's id, made on first use. */
    public static String requestId(Context ctx) {
        String rid = ctx.attribute(ATTRIBUTE);
        if (rid == null) {
            rid = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
            ctx.attribute(ATTRIBUTE, rid);
        }
        return rid;
    }

    public static void assignId(Context ctx) {
        ctx.header("X-Request-Id", requestId(ctx));
    }

    public static void log(Context ctx, Float ms) {
        log.info(
                "{} {} {} {}ms rid={}",
                ctx.method(),
                ctx.path(),
                ctx.statusCode(),
                String.format(java.util.Locale.ROOT, "%.1f", ms),
                requestId(ctx));
    }
}
