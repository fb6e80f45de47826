package io.friendchat.server.room;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.friendchat.server.account.User;
import io.friendchat.server.web.Fields;
import io.friendchat.server.web.Json;
import io.friendchat.server.web.SessionCookie;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Ways into a room: direct messages, the public room directory and invite links. */
public final class SharingRoutes {
    private static final int DEFAULT_PAGE = 20;

    private final RoomService rooms;
    private final Invites invites;
    private final SessionCookie session;

    public SharingRoutes(RoomService rooms, Invites invites, SessionCookie session) {
        this.rooms = rooms;
        this.invites = invites;
        this.session = session;
    }

    public void register(RoutesConfig routes) {
        routes.post("/api/dms", this::openDirect);
        routes.get("/api/rooms/public", this::publicRooms);
        routes.post("/api/rooms/{id}/join", this::join);
        routes.get("/api/rooms/{id}/invites", this::listInvites);
        routes.post("/api/rooms/{id}/invites", this::createInvite);
        routes.delete("/api/rooms/{id}/invites/{token}", this::revokeInvite);
        routes.get("/api/invites/{token}", this::previewInvite);
        routes.post("/api/invites/{token}/accept", this::acceptInvite);
        // The link people share: the web app takes the token through sign-up or login.
        routes.get("/invite/{token}", this::inviteLink);
    }

    /** Only a token of the right shape goes into the redirect; anything else leads to the app's start. */
    private void inviteLink(Context ctx) {
        String token = ctx.pathParam("token");
        ctx.redirect(Invites.isWellFormed(token) ? "/#/invite/" + token : "/");
    }

    private User me(Context ctx) {
        return session.require(ctx).user();
    }

    private void openDirect(Context ctx) {
        User me = me(ctx);
        ObjectNode body = Json.body(ctx);
        opened(ctx, rooms.openDirect(me, Fields.requiredString(body, "userId")));
    }

    private void publicRooms(Context ctx) {
        User me = me(ctx);
        int offset = (int) Fields.queryLong(ctx, "offset", 0, 0, 1_000_000);
        int limit = (int) Fields.queryLong(ctx, "limit", DEFAULT_PAGE, 1, RoomService.MAX_PUBLIC_PAGE);
        List<PublicRoom> page = rooms.publicRooms(me.id(), offset, limit + 1);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rooms", page.subList(0, Math.min(limit, page.size())));
        out.put("hasMore", page.size() > limit);
        ctx.json(out);
    }

    private void join(Context ctx) {
        opened(ctx, rooms.joinPublic(me(ctx), ctx.pathParam("id")));
    }

    private void listInvites(Context ctx) {
        ctx.json(Map.of("invites", invites.list(me(ctx), ctx.pathParam("id"))));
    }

    private void createInvite(Context ctx) {
        User me = me(ctx);
        ObjectNode body = Json.body(ctx);
        Invite invite = invites.create(
                me,
                ctx.pathParam("id"),
                Fields.optionalWholeNumber(body, "expiresInSeconds"),
                Fields.optionalWholeNumber(body, "maxUses"));
        ctx.status(HttpStatus.CREATED).json(Map.of("invite", invite));
    }

    private void revokeInvite(Context ctx) {
        invites.revoke(me(ctx), ctx.pathParam("id"), ctx.pathParam("token"));
        ctx.status(HttpStatus.NO_CONTENT);
    }

    private void previewInvite(Context ctx) {
        me(ctx);
        ctx.json(Map.of("invite", invites.preview(ctx.pathParam("token"))));
    }

    private void acceptInvite(Context ctx) {
        opened(ctx, invites.accept(me(ctx), ctx.pathParam("token")));
    }

    /** 201 when the call made or joined the room, 200 when the caller already had it. */
    private static void opened(Context ctx, RoomService.Opened opened) {
        ctx.status(opened.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .json(Map.of("room", opened.room(), "created", opened.created()));
    }
}
