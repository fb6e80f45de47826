package io.friendchat.server.web;

import io.friendchat.server.account.AccountService;
import io.friendchat.server.account.AccountService.Authenticated;
import io.friendchat.server.common.UnauthorizedException;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Optional;

/**
 * The session cookie {@value #NAME}: HttpOnly, SameSite=Lax, Path=/, and Secure when the request
 * came over HTTPS. {@link #require} turns it into the caller's identity, once per request.
 */
public final class SessionCookie {
    public static final String NAME = "fc_session";
    private static final String ATTRIBUTE = "friendchat.auth";

    private final AccountService accounts;

    public SessionCookie(AccountService accounts) {
        this.accounts = accounts;
    }

    /** The caller's session, or 401 when there is none or it has expired. */
    public Authenticated require(Context ctx) {
        return find(ctx)
                .orElseThrow(() -> new UnauthorizedException("You are not logged in, or your session has ended."));
    }

    /** The caller's session, or empty when there is none or it has expired. */
    public Optional<Authenticated> find(Context ctx) {
        Authenticated cached = ctx.attribute(ATTRIBUTE);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Authenticated> who = accounts.authenticate(ctx.cookie(NAME));
        who.ifPresent(found -> ctx.attribute(ATTRIBUTE, found));
        return who;
    }

    public void set(Context ctx, String token, Duration maxAge) {
        ctx.res()
                .addHeader(
                        "Set-Cookie",
                        NAME + "=" + token + "; Path=/; Max-Age=" + maxAge.toSeconds() + "; HttpOnly; SameSite=Lax"
                                + (secure(ctx) ? "; Secure" : ""));
    }

    public void clear(Context ctx) {
        ctx.res()
                .addHeader(
                        "Set-Cookie",
                        NAME + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" + (secure(ctx) ? "; Secure" : ""));
    }

    private static boolean secure(Context ctx) {
        return "https".equalsIgnoreCase(ctx.scheme());
    }
}
