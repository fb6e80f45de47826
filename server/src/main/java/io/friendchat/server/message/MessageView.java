package io.friendchat.server.message;

import io.friendchat.server.account.User;
import java.time.Instant;
import java.util.Map;

/**
 * A message as clients see it: the author's public profile instead of an id alone, and a system
 * message's event as an object. Text is sent exactly as stored; clients render it as text.
 */
public record MessageView(
        String id,
        String roomId,
        long seq,
        String kind,
        String body,
        Map<String, Object> system,
        Author author,
        String clientId,
        Instant createdAt) {

    /** What other people see of a user: never the email or the password hash. */
    public record Author(String id, String username, String displayName) {
        public static Author of(User user) {
            return new Author(user.id(), user.username(), user.displayName());
        }
    }
}
