package io.friendchat.server.web;

import io.javalin.http.Context;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One log line per request: method, path, status, milliseconds and a request id, which is also
 * sent back as {@code X-Request-Id}. The query string, headers and body are never logged, so
 * passwords, tokens and cookies cannot leak into the log. While a request is handled its id is
 * also in the MDC as {@code requestId}, so every line logged for it carries the id as a field in
 * the JSON log format.
 */
public final class RequestLog {
    private static final Logger log = LoggerFactory.getLogger("friendchat.http");
    private static final String ATTRIBUTE = "friendchat.rid";
    /** The MDC key, and so the JSON log field, of the request id. */
    public static final String MDC_KEY = "requestId";

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
        String rid = requestId(ctx);
        ctx.header("X-Request-Id", rid);
        MDC.put(MDC_KEY, rid);
    }

    /** Logs the request's line, then takes its id out of the MDC of this (pooled) thread. */
    public static void log(Context ctx, Float ms) {
        String rid = requestId(ctx);
        MDC.put(MDC_KEY, rid);
        try {
            log.info(
                    "{} {} {} {}ms rid={}",
                    ctx.method(),
                    ctx.path(),
                    ctx.statusCode(),
                    String.format(java.util.Locale.ROOT, "%.1f", ms),
                    rid);
        } finally {
            MDC.remove(MDC_KEY);
        }
    }
}
