package io.friendchat.server.room;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.friendchat.server.account.User;
import io.friendchat.server.message.MessageService;
import io.friendchat.server.message.MessageView;
import io.friendchat.server.web.Fields;
import io.friendchat.server.web.Json;
import io.friendchat.server.web.SessionCookie;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Map;

/** The rooms API: the dashboard, rooms, members and roles, and message history. */
public final class RoomRoutes {
    private static final int DEFAULT_PAGE = 50;

    private final RoomService rooms;
    private final MessageService messages;
    private final SessionCookie session;

    public RoomRoutes(RoomService rooms, MessageService messages, SessionCookie session) {
        this.rooms = rooms;
        this.messages = messages;
        this.session = session;
    }

    public void register(RoutesConfig routes) {
        routes.get("/api/rooms", this::dashboard);
        routes.post("/api/rooms", this::create);
        routes.get("/api/rooms/{id}", this::view);
        routes.patch("/api/rooms/{id}", this::update);
        routes.delete("/api/rooms/{id}", this::delete);
        routes.post("/api/rooms/{id}/members", this::addMembers);
        routes.delete("/api/rooms/{id}/members/{userId}", this::removeMember);
        routes.patch("/api/rooms/{id}/members/{userId}", this::changeRole);
        routes.post("/api/rooms/{id}/leave", this::leave);
        routes.get("/api/rooms/{id}/messages", this::history);
        routes.put("/api/rooms/{id}/notify", this::notifyLevel);
    }

    private User me(Context ctx) {
        return session.require(ctx).user();
    }

    private void dashboard(Context ctx) {
        ctx.json(Map.of("rooms", rooms.dashboard(me(ctx).id())));
    }

    private void create(Context ctx) {
        User me = me(ctx);
        ObjectNode body = Json.body(ctx);
        RoomDetail room = rooms.create(
                me,
                Fields.requiredString(body, "name"),
                Fields.optionalString(body, "description"),
                Fields.stringList(body, "members", RoomService.MAX_USERNAMES_PER_REQUEST));
        ctx.status(HttpStatus.CREATED).json(Map.of("room", room));
    }

    private void view(Context ctx) {
        ctx.json(Map.of("room", rooms.view(me(ctx).id(), ctx.pathParam("id"))));
    }

    private void update(Context ctx) {
        User me = me(ctx);
        ObjectNode body = Json.body(ctx);
        RoomDetail room = rooms.update(
                me,
                ctx.pathParam("id"),
                Fields.optionalString(body, "name"),
                Fields.optionalString(body, "description"));
        ctx.json(Map.of("room", room));
    }

    private void notifyLevel(Context ctx) {
        Notify level = rooms.setNotify(me(ctx), ctx.pathParam("id"), Fields.requiredString(Json.body(ctx), "level"));
        ctx.json(Map.of("notify", level.wire()));
    }

    private void delete(Context ctx) {
        rooms.delete(me(ctx), ctx.pathParam("id"));
        ctx.status(HttpStatus.NO_CONTENT);
    }

    private void addMembers(Context ctx) {
        User me = me(ctx);
        ObjectNode body = Json.body(ctx);
        List<MemberView> added = rooms.addMembers(
                me, ctx.pathParam("id"), Fields.stringList(body, "usernames", RoomService.MAX_USERNAMES_PER_REQUEST));
        ctx.status(HttpStatus.CREATED).json(Map.of("members", added));
    }

    private void removeMember(Context ctx) {
        rooms.removeMember(me(ctx), ctx.pathParam("id"), ctx.pathParam("userId"));
        ctx.status(HttpStatus.NO_CONTENT);
    }

    private void changeRole(Context ctx) {
        User me = me(ctx);
        ObjectNode body = Json.body(ctx);
        MemberView member =
                rooms.changeRole(me, ctx.pathParam("id"), ctx.pathParam("userId"), Fields.requiredString(body, "role"));
        ctx.json(Map.of("member", member));
    }

    private void leave(Context ctx) {
        rooms.leave(me(ctx), ctx.pathParam("id"));
        ctx.status(HttpStatus.NO_CONTENT);
    }

    private void history(Context ctx) {
        User me = me(ctx);
        String roomId = ctx.pathParam("id");
        long before = Fields.queryLong(ctx, "before", Long.MAX_VALUE, 1, Long.MAX_VALUE);
        int limit = (int) Fields.queryLong(ctx, "limit", DEFAULT_PAGE, 1, MessageService.MAX_PAGE);
        List<MessageView> page = messages.before(me.id(), roomId, before, limit);
        boolean hasMore = !page.isEmpty() && page.get(0).seq() > 1;
        ctx.json(Map.of("messages", page, "hasMore", hasMore));
    }
}
