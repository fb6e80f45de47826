package io.friendchat.server.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.friendchat.server.account.AccountService;
import io.friendchat.server.account.ProfileListener;
import io.friendchat.server.account.SessionListener;
import io.friendchat.server.account.User;
import io.friendchat.server.room.Memberships;
import io.friendchat.server.web.OriginPolicy;
import io.friendchat.server.web.SessionCookie;
import io.friendchat.socketio.ConnectRejectedException;
import io.friendchat.socketio.Namespace;
import io.friendchat.socketio.Socket;
import io.friendchat.socketio.SocketIoServer;
import jakarta.servlet.DispatcherType;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat's door to Socket.IO. It authenticates each socket from its session, subscribes it to
 * its user's channel and to the channels of the user's rooms ({@link Channels}), attaches the
 * features' handlers ({@link SocketFeature}) and detaches them when it goes. It also cuts the
 * sockets of sessions that end and keeps each socket's user current.
 */
public final class ChatGateway implements SessionListener, ProfileListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChatGateway.class);

    private final SocketIoServer io;
    private final Namespace chat;
    private final AccountService accounts;
    private final Memberships memberships;
    private final OriginPolicy origins;
    private final SocketEvents events;
    private final PresenceTracker presence;
    private final List<SocketFeature> features;

    public ChatGateway(
            SocketIoServer io,
            AccountService accounts,
            Memberships memberships,
            OriginPolicy origins,
            SocketEvents events,
            PresenceTracker presence,
            List<SocketFeature> features) {
        this.io = io;
        this.chat = io.sockets();
        this.accounts = accounts;
        this.memberships = memberships;
        this.origins = origins;
        this.events = events;
        this.presence = presence;
        this.features = List.copyOf(features);
    }

    /** Serves {@code /socket.io/} on the app's servlet context, behind the Origin check. */
    public void mount(ServletContextHandler context) {
        chat.use(this::authenticate);
        chat.onConnection(this::connected);
        context.addFilter(
                new FilterHolder(new HandshakeOriginFilter(origins)),
                SocketIoServer.DEFAULT_PATH + "/*",
                EnumSet.of(DispatcherType.REQUEST));
        io.mount(context);
    }

    private void authenticate(Socket socket) throws ConnectRejectedException {
        String token = socket.handshake().cookie(SessionCookie.NAME);
        JsonNode auth = socket.handshake().auth();
        if (auth != null && auth.path("token").isTextual()) {
            token = auth.path("token").textValue();
        }
        Optional<AccountService.Authenticated> who;
        try {
            who = accounts.authenticate(token);
        } catch (RuntimeException e) {
            log.error("authenticating socket {} failed", socket.id(), e);
            throw new ConnectRejectedException("unavailable");
        }
        if (who.isEmpty()) {
            throw new ConnectRejectedException("unauthorized");
        }
        SocketSession.attach(socket, who.get().user(), who.get().session().tokenHash());
        // Subscribed here, before the client is told it is connected: the connection handlers
        // run after the CONNECT is sent, so anything broadcast to the user's rooms between the
        // two (another member's typing, a message) would miss a socket subscribed there.
        String userId = who.get().user().id();
        Set<String> roomIds = memberships.roomIdsOf(userId);
        socket.join(Channels.user(userId), Channels.session(who.get().session().tokenHash()));
        for (String roomId : roomIds) {
            socket.join(Channels.room(roomId));
        }
    }

    private void connected(Socket socket) {
        SocketSession session = SocketSession.of(socket);
        presence.attach(socket, session);
        for (SocketFeature feature : features) {
            feature.attach(socket, session);
        }
        socket.onDisconnect(reason -> {
            for (SocketFeature feature : features) {
                feature.detach(socket, session);
            }
            presence.detach(socket, session);
            events.forget(socket);
        });
    }

    /**
     * Each socket keeps its user from the handshake, and a send stamps that user on the message
     * without a query; so a profile change replaces it on every socket of the user here.
     */
    @Override
    public void profileChanged(User user) {
        for (Socket socket : presence.socketsOf(user.id())) {
            SocketSession.of(socket).user(user);
        }
    }

    @Override
    public void sessionEnded(String tokenHash) {
        chat.in(Channels.session(tokenHash)).disconnectSockets(false);
    }

    @Override
    public void userSessionsEnded(String userId, String keptTokenHash) {
        if (keptTokenHash == null) {
            chat.in(Channels.user(userId)).disconnectSockets(false);
        } else {
            chat.in(Channels.user(userId))
                    .except(Channels.session(keptTokenHash))
                    .disconnectSockets(false);
        }
    }

    /** For tests and operators: whether the user has a connected socket on this server. */
    public boolean isOnline(String userId) {
        return presence.isOnline(userId);
    }

    /** How many sockets are connected to this server now. */
    public int connectedSockets() {
        return chat.sockets().size();
    }

    /** How many users have a socket connected to this server now. */
    public int connectedUsers() {
        Set<String> users = new HashSet<>();
        for (Socket socket : chat.sockets()) {
            SocketSession session = SocketSession.of(socket);
            if (session != null) {
                users.add(session.user().id());
            }
        }
        return users.size();
    }

    /**
     * For tests and operators: disconnects every socket of a user from the server side. The
     * clients are told (reason "io server disconnect"), so they do not reconnect by themselves.
     */
    public int disconnectUser(String userId) {
        List<Socket> sockets = presence.socketsOf(userId);
        sockets.forEach(s -> s.disconnect(true));
        return sockets.size();
    }

    /**
     * Closes every socket the way a stopping server should: at the transport level, after what is
     * already queued for it (acks included), so the official clients reconnect by themselves.
     */
    public void close(Duration grace) {
        io.close(grace);
    }

    @Override
    public void close() {
        io.close();
    }
}
