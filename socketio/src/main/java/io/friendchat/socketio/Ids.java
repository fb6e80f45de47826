package io.friendchat.socketio;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable ids for Engine.IO sessions and Socket.IO sockets (120 random bits, URL-safe). */
final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private Ids() {}

    static String next() {
        byte[] bytes = new byte[15];
        RANDOM.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }
}
