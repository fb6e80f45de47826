package io.friendchat.server.web;

import io.friendchat.server.store.DataStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;

/** {@code GET /healthz}: 200 when the store answers, 503 when it does not. */
public final class HealthRoutes {
    private final DataStore store;

    public HealthRoutes(DataStore store) {
        this.store = store;
    }

    public void register(RoutesConfig routes) {
        routes.get("/healthz", this::health);
    }

    private void health(Context ctx) {
        boolean healthy = store.isHealthy();
        ctx.header("Cache-Control", "no-store");
        ctx.status(healthy ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .json(Map.of("status", healthy ? "ok" : "unavailable", "store", store.kind()));
    }
}
