package io.friendchat.server.tls;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Turns PEM files, such as Let's Encrypt's {@code fullchain.pem} and {@code privkey.pem}, into an
 * in-memory key store for Jetty. The key may be PKCS#8 ({@code BEGIN PRIVATE KEY}) or the older
 * PKCS#1 / SEC1 forms ({@code BEGIN RSA PRIVATE KEY}, {@code BEGIN EC PRIVATE KEY}), RSA or EC.
 * Encrypted keys are refused with a hint, since the server has nowhere to read a pass phrase.
 *
 * <p>Only BouncyCastle's parsers are used; the keys themselves are JDK keys, so no security
 * provider is registered.
 */
public final class PemKeyStore {
    static final String ALIAS = "friendchat";
    /** The in-memory store needs a password; it never leaves the process. */
    static final String PASSWORD = "friendchat";

    private PemKeyStore() {}

    /**
     * Loads the chain and key and checks that they belong together.
     *
     * @throws IllegalArgumentException naming which file is wrong and why
     */
    public static KeyStore load(Path certificateFile, Path keyFile) {
        List<X509Certificate> chain = certificates(certificateFile);
        PrivateKey key = privateKey(keyFile);
        if (!matches(key, chain.get(0))) {
            throw new IllegalArgumentException("the private key in " + keyFile
                    + " does not belong to the first certificate in " + certificateFile);
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, key, PASSWORD.toCharArray(), chain.toArray(new Certificate[0]));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("the key in " + keyFile + " cannot be used: " + e.getMessage(), e);
        }
    }

    static List<X509Certificate> certificates(Path file) {
        List<X509Certificate> chain = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (PEMParser parser = parser(file)) {
            Object item;
            while ((item = parser.readObject()) != null) {
                if (item instanceof X509CertificateHolder holder) {
                    chain.add(converter.getCertificate(holder));
                }
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(file + " is not a PEM certificate file: " + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no PEM certificate (BEGIN CERTIFICATE)");
        }
        return chain;
    }

    static PrivateKey privateKey(Path file) {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (PEMParser parser = parser(file)) {
            Object item;
            while ((item = parser.readObject()) != null) {
                if (item instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                } else if (item instanceof PEMKeyPair pair) {
                    // A SEC1 EC key may omit its public half, so only the private part is converted.
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                } else if (item instanceof PEMEncryptedKeyPair || item instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new IllegalArgumentException(file + " holds an encrypted key; decrypt it first "
                            + "(openssl pkey -in encrypted.pem -out key.pem)");
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not a PEM key file: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException(file + " holds no PEM private key (BEGIN PRIVATE KEY)");
    }

    /** Signs a probe with the key and verifies it with the certificate's public key. */
    private static boolean matches(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default ->
                throw new IllegalArgumentException(
                        "keys of type " + key.getAlgorithm() + " are not supported; use an RSA or EC key");
        };
        try {
            byte[] probe = "friendchat".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static PEMParser parser(Path file) throws IOException {
        Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        return new PEMParser(reader);
    }
}
