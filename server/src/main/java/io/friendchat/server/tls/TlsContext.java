package io.friendchat.server.tls;

import io.friendchat.server.ConfigException;
import io.friendchat.server.HttpSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Jetty's TLS settings from {@link HttpSettings.Tls}: the key material is loaded when the server is
 * created, so a bad certificate, key or password stops the start with a message naming the
 * variable, before any port opens.
 *
 * <p>Only TLS 1.2 and 1.3, and for 1.2 only ECDHE key exchange with AEAD ciphers (Mozilla's
 * "intermediate" profile without DHE), which every browser of the last years speaks.
 */
public final class TlsContext {
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    static final String[] CIPHER_SUITES = {
        "TLS_AES_128_GCM_SHA256",
        "TLS_AES_256_GCM_SHA384",
        "TLS_CHACHA20_POLY1305_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
    };

    private TlsContext() {}

    public static SslContextFactory.Server create(HttpSettings.Tls tls, Path dataDir) {
        SslContextFactory.Server factory = new SslContextFactory.Server();
        if (tls.keystore() != null) {
            factory.setKeyStore(keystore(tls.keystore(), tls.keystorePassword()));
            factory.setKeyStorePassword(tls.keystorePassword());
        } else {
            Path cert = tls.selfSigned() ? SelfSignedCertificate.ensure(dataDir) : tls.certificate();
            Path key = tls.selfSigned() ? SelfSignedCertificate.keyBeside(cert) : tls.privateKey();
            try {
                factory.setKeyStore(PemKeyStore.load(cert, key));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(
                        tls.selfSigned() ? "FRIENDCHAT_TLS_SELF_SIGNED" : "FRIENDCHAT_TLS_CERT",
                        "cannot be used: " + e.getMessage());
            }
            factory.setKeyStorePassword(PemKeyStore.PASSWORD);
        }
        factory.setIncludeProtocols(PROTOCOLS);
        factory.setIncludeCipherSuites(CIPHER_SUITES);
        factory.setUseCipherSuitesOrder(true);
        factory.setRenegotiationAllowed(false);
        // Clients that ask for an IP address, or for a name not in the certificate, still connect.
        factory.setSniRequired(false);
        return factory;
    }

    private static KeyStore keystore(Path file, String password) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            boolean hasKey = false;
            for (String alias : java.util.Collections.list(store.aliases())) {
                hasKey |= store.isKeyEntry(alias);
                if (store.isKeyEntry(alias)) {
                    store.getKey(alias, password.toCharArray()); // checks the password opens the key too
                }
            }
            if (!hasKey) {
                throw new ConfigException("FRIENDCHAT_TLS_KEYSTORE", "'" + file + "' holds no private key");
            }
            return store;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new ConfigException("FRIENDCHAT_TLS_KEYSTORE_PASSWORD", "does not open '" + file + "'");
            }
            throw new ConfigException(
                    "FRIENDCHAT_TLS_KEYSTORE", "'" + file + "' is not a PKCS12 keystore: " + e.getMessage());
        } catch (UnrecoverableKeyException e) {
            throw new ConfigException("FRIENDCHAT_TLS_KEYSTORE_PASSWORD", "does not open the key in '" + file + "'");
        } catch (GeneralSecurityException e) {
            throw new ConfigException("FRIENDCHAT_TLS_KEYSTORE", "'" + file + "' cannot be read: " + e.getMessage());
        }
    }
}
