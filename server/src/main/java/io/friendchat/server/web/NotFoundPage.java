package io.friendchat.server.web;

/**
 * The page for unknown non-API paths: no script, no user input echoed back, and no inline style
 * (the CSP forbids it; the look is in {@code /css/error.css}).
 */
final class NotFoundPage {
    static final String HTML = """
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Not found · FriendChat</title><link rel="stylesheet" href="/css/error.css"></head>
            <body class="error-page">
            <h1>Page not found</h1>
            <p>There is nothing at this address. <a href="/">Go to FriendChat</a>.</p>
            </body>
            </html>
            """;

    private NotFoundPage() {}
}
