package io.friendchat.server.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads a raw (non-JSON) request body, refusing one over a limit before it is read whole. */
public final class RawBody {
    private RawBody() {}

    /**
     * The body's bytes. A declared length over {@code maxBytes} is refused before anything is
     * read; a body without one is read only up to one byte past the limit, then refused.
     */
    public static byte[] read(Context ctx, int maxBytes) {
        if (ctx.req().getContentLengthLong() > maxBytes) {
            throw tooLarge(maxBytes);
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw tooLarge(maxBytes);
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpProblem tooLarge(int maxBytes) {
        return new HttpProblem(
                HttpStatus.CONTENT_TOO_LARGE,
                "content_too_large",
                "The upload is too large; at most " + (maxBytes / (1024 * 1024)) + " MB.");
    }
}
