package io.friendchat.server.store.sqlite;

import io.friendchat.server.common.Ids;
import io.friendchat.server.message.Message;
import io.friendchat.server.message.NewMessage;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A child process for {@link SqliteDurabilityTest}: appends messages as fast as it can and
 * prints {@code ack SEQ} only after each append has returned, i.e. after it was acknowledged.
 */
public final class DurabilityWriter {
    private DurabilityWriter() {}

    public static void main(String[] args) {
        PrintStream out = System.out;
        SqliteDataStore store = new SqliteDataStore(Path.of(args[0]));
        for (int i = 1; i <= 1_000_000; i++) {
            long seq = store.messages()
                    .append(new NewMessage(
                            Ids.newId(), "room", "writer", "c" + i, Message.Kind.TEXT, "message " + i, Instant.now()))
                    .message()
                    .seq();
            out.println("ack " + seq);
            out.flush();
        }
    }
}
