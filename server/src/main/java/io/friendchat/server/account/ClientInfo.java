package io.friendchat.server.account;

/** Where a login comes from, as recorded with its session and used for rate limits. */
public record ClientInfo(String ip, String userAgent) {
    private static final int MAX_USER_AGENT = 256;

    public ClientInfo {
        if (userAgent != null && userAgent.length() > MAX_USER_AGENT) {
            userAgent = userAgent.substring(0, MAX_USER_AGENT);
        }
    }
}
