package io.friendchat.server.account;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The 10,000 most common passwords, refused at sign-up and password change. The list is made at
 * build time from zxcvbn's frequency list (see server/src/main/frontend/build.mjs for where it
 * comes from) into the resource {@value #RESOURCE}.
 */
public final class CommonPasswords {
    static final String RESOURCE = "/friendchat/common-passwords.txt";

    private final Set<String> passwords;

    private CommonPasswords(Set<String> passwords) {
        this.passwords = Set.copyOf(passwords);
    }

    public static CommonPasswords load() {
        try (InputStream in = CommonPasswords.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the resource " + RESOURCE + " is missing; rebuild with Maven");
            }
            Set<String> set = new HashSet<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    set.add(line);
                }
            }
            return new CommonPasswords(set);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int size() {
        return passwords.size();
    }

    /** True when the password is on the list, in any letter case. */
    public boolean contains(String password) {
        return passwords.contains(password.toLowerCase(Locale.ROOT));
    }
}
