package io.friendchat.server.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads and drops what is left of a request body before an error answers the request.
 *
 * <p>An error often comes before the body is read: a 413 from its declared length, a 401 or 429
 * before the handler. If the server then answers and closes while the client is still writing,
 * the unread bytes make the kernel reset the connection, and the client, busy writing, loses
 * the answer it had not read yet: it sees "connection reset" instead of the 413. Jetty itself
 * only consumes what has already arrived. So, like Tomcat's {@code maxSwallowSize}, up to
 * {@link #SWALLOW_LIMIT} bytes are read and dropped: the client reads the answer and the
 * connection stays usable. A body declared larger than that is not read; the answer says
 * {@code Connection: close}, and a client still sending it may see the reset.
 */
final class UnreadBody {
    static final long SWALLOW_LIMIT = 2L * 1024 * 1024;

    private UnreadBody() {}

    static void discard(Context ctx) {
        if (ctx.req().getContentLengthLong() > SWALLOW_LIMIT) {
            ctx.header("Connection", "close");
            return;
        }
        try {
            InputStream in = ctx.req().getInputStream();
            in.skip(SWALLOW_LIMIT); // InputStream.skip reads until it has skipped that much or the body ends
            if (in.read() >= 0) {
                ctx.header("Connection", "close");
            }
        } catch (IOException | IllegalStateException e) {
            // The client went away, the body was cut, or it was read as characters: nothing to drop.
        }
    }
}
