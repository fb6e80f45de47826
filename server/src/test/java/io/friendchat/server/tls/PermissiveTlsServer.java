package io.friendchat.server.tls;

import java.io.FileInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * The control for {@link OldTlsRefusedTest}: a bare JDK TLS server that enables every protocol
 * the JVM has, TLS 1.1 included. When the JVM's own ban on old protocols is lifted the same way as
 * for FriendChat, a TLS 1.1 client must get through here; that shows the refusal by FriendChat
 * comes from FriendChat's settings.
 *
 * <p>{@code PermissiveTlsServer KEYSTORE PASSWORD}: prints {@code listening on 127.0.0.1:PORT},
 * then completes handshakes until killed.
 */
public final class PermissiveTlsServer {
    private PermissiveTlsServer() {}

    public static void main(String[] args) throws Exception {
        char[] password = args[1].toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(args[0])) {
            store.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        try (SSLServerSocket server = (SSLServerSocket)
                context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            server.setEnabledProtocols(server.getSupportedProtocols());
            System.out.println("listening on 127.0.0.1:" + server.getLocalPort());
            System.out.flush();
            while (true) {
                try (SSLSocket socket = (SSLSocket) server.accept()) {
                    socket.startHandshake();
                } catch (java.io.IOException e) {
                    // a refused or aborted handshake: wait for the next client
                }
            }
        }
    }
}
