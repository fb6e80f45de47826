package io.friendchat.server.web;

/** The page for unknown non-API paths: no script, no user input echoed back. */
final class NotFoundPage {
    static final String HTML = """
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Not found · FriendChat</title></head>
            <body style="font-family: system-ui, sans-serif; max-width: 32rem; margin: 4rem auto; padding: 0 1rem">
            <h1>Page not found</h1>
            <p>There is nothing at this address. <a href="/">Go to FriendChat</a>.</p>
            </body>
            </html>
            """;

    private NotFoundPage() {
    }
}
