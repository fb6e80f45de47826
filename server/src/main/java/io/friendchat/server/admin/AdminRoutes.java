package io.friendchat.server.admin;

import io.friendchat.server.account.User;
import io.friendchat.server.web.Fields;
import io.friendchat.server.web.SessionCookie;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;

/** The server-admin API under {@code /api/admin}: every route needs a session of a server admin. */
public final class AdminRoutes {
    private static final int DEFAULT_PAGE = 50;

    private final AdminService admin;
    private final SessionCookie session;

    public AdminRoutes(AdminService admin, SessionCookie session) {
        this.admin = admin;
        this.session = session;
    }

    public void register(RoutesConfig routes) {
        routes.get("/api/admin/users", this::users);
        routes.post("/api/admin/users/{id}/deactivate", this::deactivate);
        routes.post("/api/admin/users/{id}/reactivate", this::reactivate);
        routes.delete("/api/admin/rooms/{id}", this::deleteRoom);
        routes.get("/api/admin/stats", this::stats);
        routes.get("/api/admin/audit", this::audit);
    }

    private User me(Context ctx) {
        return session.require(ctx).user();
    }

    private static int limit(Context ctx) {
        return (int) Fields.queryLong(ctx, "limit", DEFAULT_PAGE, 1, AdminService.MAX_PAGE);
    }

    private void users(Context ctx) {
        AdminService.UserPage page = admin.users(
                me(ctx), Fields.queryString(ctx, "prefix", 64), Fields.queryString(ctx, "after", 64), limit(ctx));
        ctx.json(page);
    }

    private void deactivate(Context ctx) {
        ctx.json(Map.of("user", admin.deactivate(me(ctx), ctx.pathParam("id"))));
    }

    private void reactivate(Context ctx) {
        ctx.json(Map.of("user", admin.reactivate(me(ctx), ctx.pathParam("id"))));
    }

    private void deleteRoom(Context ctx) {
        admin.deleteRoom(me(ctx), ctx.pathParam("id"));
        ctx.status(HttpStatus.NO_CONTENT);
    }

    private void stats(Context ctx) {
        ctx.json(admin.stats(me(ctx)));
    }

    private void audit(Context ctx) {
        ctx.json(admin.audit(me(ctx), Fields.queryString(ctx, "before", 64), limit(ctx)));
    }
}
