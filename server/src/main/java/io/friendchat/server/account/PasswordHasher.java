package io.friendchat.server.account;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/**
 * Argon2id with OWASP's parameters (m = 19 MiB, t = 2, p = 1), stored in the PHC string format
 * so that each hash carries its own parameters. When the parameters here change, hashes made
 * with the old ones are re-computed at the next successful login.
 */
public final class PasswordHasher {
    static final int MEMORY_KIB = 19 * 1024;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;
    private static final int HASH_BYTES = 32;
    private static final int SALT_BYTES = 16;

    private final Argon2Function current;
    private volatile String dummyHash;

    public PasswordHasher() {
        this(MEMORY_KIB, ITERATIONS, PARALLELISM);
    }

    PasswordHasher(int memoryKib, int iterations, int parallelism) {
        current = Argon2Function.getInstance(memoryKib, iterations, parallelism, HASH_BYTES, Argon2.ID);
    }

    public String hash(String password) {
        return Password.hash(password).addRandomSalt(SALT_BYTES).with(current).getResult();
    }

    /** Checks a password against a stored hash in constant time, using the hash's own parameters. */
    public boolean verify(String password, String storedHash) {
        try {
            return Password.check(password, storedHash).with(Argon2Function.getInstanceFromHash(storedHash));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** True when {@code storedHash} was made with other parameters than the current ones. */
    public boolean needsRehash(String storedHash) {
        try {
            Argon2Function used = Argon2Function.getInstanceFromHash(storedHash);
            return !used.equals(current);
        } catch (RuntimeException e) {
            return true;
        }
    }

    /**
     * Spends the same time as a real check, for logins naming no account, so that timing does
     * not tell who has one.
     */
    public void verifyDummy(String password) {
        String dummy = dummyHash;
        if (dummy == null) {
            dummy = hash("not a real password, only here to spend the same time");
            dummyHash = dummy;
        }
        verify(password, dummy);
    }
}
