package io.friendchat.server.search;

import io.friendchat.server.web.Fields;
import io.friendchat.server.web.SessionCookie;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** {@code GET /api/search}: message search over the rooms the signed-in user is in. */
public final class SearchRoutes {
    private static final int DEFAULT_PAGE = 20;

    private final SearchService search;
    private final SessionCookie session;

    public SearchRoutes(SearchService search, SessionCookie session) {
        this.search = search;
        this.session = session;
    }

    public void register(RoutesConfig routes) {
        routes.get("/api/search", this::search);
    }

    private void search(Context ctx) {
        String userId = session.require(ctx).user().id();
        String query = ctx.queryParam("q");
        if (query != null && query.length() > SearchService.MAX_QUERY) {
            query = Fields.queryString(ctx, "q", SearchService.MAX_QUERY); // the parameter error
        }
        String roomId = Fields.queryString(ctx, "roomId", 64);
        String before = Fields.queryString(ctx, "before", 64);
        int limit = (int) Fields.queryLong(ctx, "limit", DEFAULT_PAGE, 1, SearchService.MAX_PAGE);
        ctx.json(search.search(userId, query, roomId, before, limit));
    }
}
