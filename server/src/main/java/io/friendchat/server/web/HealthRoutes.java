package io.friendchat.server.web;

import io.friendchat.server.store.DataStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * {@code GET /healthz}: 200 when the store answers, 503 when it does not. In cluster mode it also
 * says whether Redis is reachable; a node without Redis still serves its own clients, so that
 * alone does not make it unhealthy.
 */
public final class HealthRoutes {
    private final DataStore store;
    private final BooleanSupplier redisUp;

    /** {@code redisUp} is null on a single node. */
    public HealthRoutes(DataStore store, BooleanSupplier redisUp) {
        this.store = store;
        this.redisUp = redisUp;
    }

    public void register(RoutesConfig routes) {
        routes.get("/healthz", this::health);
    }

    private void health(Context ctx) {
        boolean healthy = store.isHealthy();
        ctx.header("Cache-Control", "no-store");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", healthy ? "ok" : "unavailable");
        body.put("store", store.kind());
        if (redisUp != null) {
            body.put("redis", redisUp.getAsBoolean() ? "up" : "down");
        }
        ctx.status(healthy ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(body);
    }
}
