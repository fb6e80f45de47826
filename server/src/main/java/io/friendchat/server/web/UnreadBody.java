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
 * only consumes what has already arrived. So, like nginx's lingering close, the rest of the body
 * is read and dropped, bounded in bytes ({@link #DRAIN_LIMIT}) and in time ({@link #DRAIN_TIME}):
 * the client reads the answer and the connection stays usable. Only a body declared larger than
 * the byte bound, or one still arriving when the time is up, is answered with
 * {@code Connection: close}, and a client still sending it may see the reset.
 */
final class UnreadBody {
    /** Room for a refused upload of a few times the largest allowed (25 MB by default). */
    static final long DRAIN_LIMIT = 64L * 1024 * 1024;

    static final long DRAIN_TIME = 10_000_000_000L;

    private UnreadBody() {}

    static void discard(Context ctx) {
        if (ctx.req().getContentLengthLong() > DRAIN_LIMIT) {
            ctx.header("Connection", "close");
            return;
        }
        try {
            InputStream in = ctx.req().getInputStream();
            byte[] sink = new byte[64 * 1024];
            long deadline = System.nanoTime() + DRAIN_TIME;
            long dropped = 0;
            int n;
            while ((n = in.read(sink)) >= 0) {
                dropped += n;
                if (dropped > DRAIN_LIMIT || System.nanoTime() - deadline > 0) {
                    ctx.header("Connection", "close");
                    return;
                }
            }
        } catch (IOException | IllegalStateException e) {
            // The client went away, the body was cut, or it was read as characters: nothing to drop.
        }
    }
}
