package io.friendchat.socketio;

import java.util.concurrent.atomic.LongAdder;

/**
 * Running totals of one {@link SocketIoServer}, for an application to export as metrics (this
 * module depends on no metrics library). Every count only grows; reading is cheap and never
 * blocks the threads that count.
 */
public final class SocketIoStats {
    private final LongAdder broadcastDeliveries = new LongAdder();
    private final LongAdder outboundFramesDropped = new LongAdder();
    private final LongAdder slowConsumerDisconnects = new LongAdder();

    SocketIoStats() {}

    /** Packets a broadcast handed to a connected socket, one per socket reached. */
    public long broadcastDeliveries() {
        return broadcastDeliveries.sum();
    }

    /**
     * Frames that were not queued because the connection's outbound queue was full ({@link
     * SocketIoOptions#maxOutboundFrames()}); the connection is then closed.
     */
    public long outboundFramesDropped() {
        return outboundFramesDropped.sum();
    }

    /** Connections closed because they did not read fast enough and their outbound queue overflowed. */
    public long slowConsumerDisconnects() {
        return slowConsumerDisconnects.sum();
    }

    void broadcastDelivered() {
        broadcastDeliveries.increment();
    }

    void slowConsumerClosed(int framesDropped) {
        outboundFramesDropped.add(framesDropped);
        slowConsumerDisconnects.increment();
    }
}
