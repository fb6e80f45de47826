package io.friendchat.server.people;

import io.friendchat.server.account.User;
import io.friendchat.server.web.RawBody;
import io.friendchat.server.web.SessionCookie;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;

/** Finding people, avatars and blocks. */
public final class PeopleRoutes {
    private final People people;
    private final SessionCookie session;

    public PeopleRoutes(People people, SessionCookie session) {
        this.people = people;
        this.session = session;
    }

    public void register(RoutesConfig routes) {
        routes.get("/api/users", this::search);
        routes.get("/api/users/{id}/avatar", this::avatar);
        routes.put("/api/me/avatar", this::setAvatar);
        routes.delete("/api/me/avatar", this::clearAvatar);
        routes.get("/api/me/blocks", this::blocked);
        routes.put("/api/me/blocks/{userId}", this::block);
        routes.delete("/api/me/blocks/{userId}", this::unblock);
    }

    private User me(Context ctx) {
        return session.require(ctx).user();
    }

    private void search(Context ctx) {
        ctx.json(Map.of("users", people.search(me(ctx), ctx.queryParam("q"))));
    }

    /**
     * The avatar, for anyone signed in. Its URL carries the version, so it is cached for a long
     * time; a new avatar has a new URL.
     */
    private void avatar(Context ctx) {
        me(ctx);
        byte[] png = people.avatar(ctx.pathParam("id"));
        ctx.header("Cache-Control", "private, max-age=31536000, immutable");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.contentType("image/png").result(png);
    }

    private void setAvatar(Context ctx) {
        User me = me(ctx);
        byte[] upload = RawBody.read(ctx, AvatarImages.MAX_BYTES);
        ctx.json(Map.of("user", people.setAvatar(me, upload)));
    }

    private void clearAvatar(Context ctx) {
        people.clearAvatar(me(ctx));
        ctx.status(HttpStatus.NO_CONTENT);
    }

    private void blocked(Context ctx) {
        ctx.json(Map.of("users", people.blocked(me(ctx))));
    }

    private void block(Context ctx) {
        people.block(me(ctx), ctx.pathParam("userId"));
        ctx.status(HttpStatus.NO_CONTENT);
    }

    private void unblock(Context ctx) {
        people.unblock(me(ctx), ctx.pathParam("userId"));
        ctx.status(HttpStatus.NO_CONTENT);
    }
}
