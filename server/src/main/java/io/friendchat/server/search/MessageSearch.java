package io.friendchat.server.search;

import io.friendchat.server.message.Message;
import java.util.Collection;
import java.util.List;

/**
 * Full-text search over stored messages, kept in step with every message write by the store
 * itself: a new text message is found at once, an edited one by its new text only, a deleted
 * one and a system message never. It trusts its caller for {@code roomIds}: the service passes
 * the rooms the user is a member of now.
 */
public interface MessageSearch {
    /**
     * Up to {@code limit} messages of {@code roomIds} that contain, for every one of {@code
     * terms} (lower case, as {@link Words} makes them), a word starting with it; newest first.
     *
     * @param before null for the first page, else the {@code next} of the page before
     */
    Page search(Collection<String> roomIds, List<String> terms, String before, int limit);

    /**
     * One page of hits; {@code next} fetches the page after it, and is null when this page
     * holds fewer than were asked for. Cursors are lowercase hex, at most 24 characters.
     */
    record Page(List<Message> messages, String next) {}
}
