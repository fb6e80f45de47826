package io.friendchat.server.web;

import io.friendchat.server.common.ConflictException;
import io.friendchat.server.common.DomainException;
import io.friendchat.server.common.ForbiddenException;
import io.friendchat.server.common.InvalidException;
import io.friendchat.server.common.NotFoundException;
import io.friendchat.server.common.RateLimitedException;
import io.friendchat.server.common.TooLargeException;
import io.friendchat.server.common.UnauthorizedException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP answers. Every error body is {@code {code, message}};
 * anything unexpected is a 500 whose body holds only the request id, and is logged once with it.
 * Socket.IO acks use {@link #body(DomainException)} for the same shape.
 */
public final class ErrorTable {
    private static final Logger log = LoggerFactory.getLogger(ErrorTable.class);
    private static final String WRITTEN = "friendchat.error.written";

    private ErrorTable() {}

    public static HttpStatus status(DomainException e) {
        if (e instanceof NotFoundException) {
            return HttpStatus.NOT_FOUND;
        } else if (e instanceof ForbiddenException) {
            return HttpStatus.FORBIDDEN;
        } else if (e instanceof ConflictException) {
            return HttpStatus.CONFLICT;
        } else if (e instanceof InvalidException) {
            return HttpStatus.BAD_REQUEST;
        } else if (e instanceof UnauthorizedException) {
            return HttpStatus.UNAUTHORIZED;
        } else if (e instanceof RateLimitedException) {
            return HttpStatus.TOO_MANY_REQUESTS;
        } else if (e instanceof TooLargeException) {
            return HttpStatus.CONTENT_TOO_LARGE;
        }
        return HttpStatus.INTERNAL_SERVER_ERROR;
    }

    /** The {@code {code, message}} body for a domain failure, plus {@code retryAfter} seconds when rate limited. */
    public static Map<String, Object> body(DomainException e) {
        Map<String, Object> body = error(e.code(), e.getMessage());
        if (e instanceof RateLimitedException limited) {
            body.put("retryAfter", retryAfterSeconds(limited));
        }
        return body;
    }

    static Map<String, Object> error(String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", message);
        return body;
    }

    private static long retryAfterSeconds(RateLimitedException e) {
        return Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
    }

    public static void register(RoutesConfig routes) {
        routes.exception(DomainException.class, (e, ctx) -> {
            if (e instanceof RateLimitedException limited) {
                ctx.header("Retry-After", Long.toString(retryAfterSeconds(limited)));
            }
            write(ctx, status(e), body(e));
        });
        routes.exception(HttpProblem.class, (e, ctx) -> write(ctx, e.status(), error(e.code(), e.getMessage())));
        routes.exception(HttpResponseException.class, (e, ctx) -> {
            HttpStatus status = HttpStatus.forStatus(e.getStatus());
            if (status == HttpStatus.NOT_FOUND) {
                writeNotFound(ctx);
            } else {
                write(ctx, status, error(codeOf(status), messageOf(status)));
            }
        });
        routes.exception(Exception.class, (e, ctx) -> {
            String rid = RequestLog.requestId(ctx);
            log.error("unhandled error in {} {} [rid={}]", ctx.method(), ctx.path(), rid, e);
            write(
                    ctx,
                    HttpStatus.INTERNAL_SERVER_ERROR,
                    error("internal", "Something went wrong on our side (request id " + rid + ")."));
        });
        routes.error(HttpStatus.NOT_FOUND, ErrorTable::notFound);
        routes.error(HttpStatus.METHOD_NOT_ALLOWED, ctx -> {
            if (!alreadyWritten(ctx)) {
                write(
                        ctx,
                        HttpStatus.METHOD_NOT_ALLOWED,
                        error("method_not_allowed", messageOf(HttpStatus.METHOD_NOT_ALLOWED)));
            }
        });
    }

    /** Unknown API routes get JSON; anything else gets the friendly 404 page. */
    private static void notFound(Context ctx) {
        if (!alreadyWritten(ctx)) {
            writeNotFound(ctx);
        }
    }

    private static void writeNotFound(Context ctx) {
        if (ctx.path().startsWith("/api/") || ctx.path().equals("/api")) {
            write(
                    ctx,
                    HttpStatus.NOT_FOUND,
                    error("not_found", "No API endpoint " + ctx.method() + " " + ctx.path() + "."));
        } else {
            ctx.attribute(WRITTEN, true);
            UnreadBody.discard(ctx);
            ctx.status(HttpStatus.NOT_FOUND)
                    .contentType("text/html; charset=utf-8")
                    .result(NotFoundPage.HTML);
        }
    }

    private static boolean alreadyWritten(Context ctx) {
        return Boolean.TRUE.equals(ctx.attribute(WRITTEN));
    }

    private static void write(Context ctx, HttpStatus status, Map<String, Object> body) {
        ctx.attribute(WRITTEN, true);
        UnreadBody.discard(ctx);
        ctx.status(status).json(body);
    }

    private static String codeOf(HttpStatus status) {
        return status.getMessage()
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "_")
                .replaceAll("^_|_$", "");
    }

    private static String messageOf(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> "Not found.";
            case METHOD_NOT_ALLOWED -> "That method is not allowed here.";
            case CONTENT_TOO_LARGE -> "The request body is too large.";
            case UNSUPPORTED_MEDIA_TYPE -> "Send the body as application/json.";
            default -> status.getMessage() + ".";
        };
    }
}
