package io.friendchat.server.account;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.friendchat.server.account.AccountService.Authenticated;
import io.friendchat.server.account.AccountService.Login;
import io.friendchat.server.web.Fields;
import io.friendchat.server.web.Json;
import io.friendchat.server.web.SessionCookie;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/** The account API: sign-up, login, logout and the caller's profile. */
public final class AccountRoutes {
    private final AccountService accounts;
    private final SessionCookie cookie;
    private final ServerAdmins admins;

    public AccountRoutes(AccountService accounts, SessionCookie cookie, ServerAdmins admins) {
        this.accounts = accounts;
        this.cookie = cookie;
        this.admins = admins;
    }

    public void register(RoutesConfig routes) {
        routes.post("/api/auth/signup", this::signup);
        routes.post("/api/auth/login", this::login);
        routes.post("/api/auth/logout", this::logout);
        routes.post("/api/auth/logout-all", this::logoutAll);
        routes.get("/api/auth/session", this::session);
        routes.get("/api/me", this::me);
        routes.patch("/api/me", this::updateMe);
        routes.post("/api/me/password", this::changePassword);
    }

    private void signup(Context ctx) {
        ObjectNode body = Json.body(ctx);
        Login login = accounts.signup(
                Fields.requiredString(body, "username"),
                Fields.requiredString(body, "email"),
                Fields.requiredString(body, "password"),
                Fields.optionalString(body, "displayName"),
                client(ctx));
        cookie.set(ctx, login.token(), accounts.absoluteTimeout());
        ctx.status(HttpStatus.CREATED).json(Map.of("user", own(login.user())));
    }

    private void login(Context ctx) {
        ObjectNode body = Json.body(ctx);
        Login login = accounts.login(
                Fields.requiredString(body, "login"), Fields.requiredString(body, "password"), client(ctx));
        cookie.set(ctx, login.token(), accounts.absoluteTimeout());
        if (body.path("includeToken").asBoolean(false)) {
            // For non-browser clients, which pass it as the Socket.IO auth token.
            ctx.json(Map.of("user", own(login.user()), "token", login.token()));
        } else {
            ctx.json(Map.of("user", own(login.user())));
        }
    }

    private void logout(Context ctx) {
        accounts.logout(cookie.require(ctx).session());
        cookie.clear(ctx);
        ctx.status(HttpStatus.NO_CONTENT);
    }

    private void logoutAll(Context ctx) {
        accounts.logoutEverywhere(cookie.require(ctx).user().id());
        cookie.clear(ctx);
        ctx.status(HttpStatus.NO_CONTENT);
    }

    /**
     * Who is logged in, if anyone: {@code {"user": {...}}} or {@code {"user": null}}, always 200.
     * Being logged out is a normal answer to this question, so a page asking it on every load
     * gets no error (which browsers log in red); {@code GET /api/me} still answers 401.
     */
    private void session(Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user", cookie.find(ctx).map(who -> own(who.user())).orElse(null));
        ctx.json(body);
    }

    private void me(Context ctx) {
        ctx.json(Map.of("user", own(cookie.require(ctx).user())));
    }

    private void updateMe(Context ctx) {
        Authenticated who = cookie.require(ctx);
        ObjectNode body = Json.body(ctx);
        User user = accounts.updateDisplayName(who.user().id(), Fields.requiredString(body, "displayName"));
        ctx.json(Map.of("user", own(user)));
    }

    private void changePassword(Context ctx) {
        Authenticated who = cookie.require(ctx);
        ObjectNode body = Json.body(ctx);
        accounts.changePassword(who, Fields.requiredString(body, "current"), Fields.requiredString(body, "new"));
        ctx.status(HttpStatus.NO_CONTENT);
    }

    private static ClientInfo client(Context ctx) {
        return new ClientInfo(ctx.ip(), ctx.userAgent());
    }

    /** What the API shows a user of themselves: their view, and whether they are a server admin. */
    private Map<String, Object> own(User user) {
        Map<String, Object> view = view(user);
        view.put("admin", admins.isAdmin(user));
        return view;
    }

    /** What the API shows of a user: never the password hash. */
    public static Map<String, Object> view(User user) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", user.id());
        view.put("username", user.username());
        view.put("email", user.email());
        view.put("displayName", user.displayName());
        view.put("createdAt", user.createdAt());
        view.put("avatarUrl", io.friendchat.server.people.Person.avatarUrl(user));
        return view;
    }
}
