package io.friendchat.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * GET /stats[?gc=1] answers {"heapUsed":bytes,"heapCommitted":bytes,"sockets":n}, after a full
 * GC when asked. Every bench server (JVM or Node) answers the same shape, so the generator reads
 * live heap per idle connection without attaching a profiler. Other paths are left to the next
 * handler.
 */
final class StatsHandler extends Handler.Abstract {
    private final IntSupplier sockets;

    StatsHandler(IntSupplier sockets) {
        this.sockets = sockets;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!Request.getPathInContext(request).equals("/stats")) {
            return false;
        }
        String query = request.getHttpURI().getQuery();
        if (query != null && query.contains("gc=1")) {
            System.gc();
        }
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        String json = "{\"heapUsed\":" + heap.getUsed() + ",\"heapCommitted\":" + heap.getCommitted() + ",\"sockets\":"
                + sockets.getAsInt() + "}";
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, StandardCharsets.UTF_8.encode(json), callback);
        return true;
    }
}
