package io.friendchat.server.account;

import io.friendchat.server.Config;
import io.friendchat.server.common.ConflictException;
import io.friendchat.server.common.ForbiddenException;
import io.friendchat.server.common.Ids;
import io.friendchat.server.common.InvalidException;
import io.friendchat.server.common.RateLimitedException;
import io.friendchat.server.common.RateLimits;
import io.friendchat.server.common.Text;
import io.friendchat.server.common.UnauthorizedException;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Sign-up, login, sessions and profiles. Passwords are checked against Argon2id hashes; sessions
 * are server-side records keyed by the SHA-256 of a random token, with an idle and an absolute
 * deadline. Failed logins are throttled per account (however it was named) and per IP.
 *
 * <p>E-mail addresses and display names are trimmed and put in Unicode NFC, so that two ways
 * of writing the same letter are one address; addresses with control or invisible characters
 * are refused, since they would look like someone else's.
 */
public final class AccountService {
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.-]{3,32}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");
    private static final int MAX_EMAIL = 254;
    private static final int MIN_PASSWORD = 8;
    private static final int MAX_PASSWORD = 128;
    private static final int MAX_DISPLAY_NAME = 64;
    /** A session's last use is written at most this often, so that reads do not all become writes. */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    private final UserStore users;
    private final SessionStore sessions;
    private final PasswordHasher hasher;
    private final CommonPasswords commonPasswords;
    private final Clock clock;
    private final Duration idleTimeout;
    private final Duration absoluteTimeout;
    private final RateLimits.Window failuresPerAccount;
    private final RateLimits.Window failuresPerIp;
    private final RateLimits.Window signupsPerIp;
    private volatile SessionListener listener = SessionListener.NONE;
    private volatile ProfileListener profiles = ProfileListener.NONE;

    public AccountService(
            UserStore users,
            SessionStore sessions,
            PasswordHasher hasher,
            CommonPasswords commonPasswords,
            Config config,
            RateLimits rateLimits,
            Clock clock) {
        this.users = users;
        this.sessions = sessions;
        this.hasher = hasher;
        this.commonPasswords = commonPasswords;
        this.clock = clock;
        this.idleTimeout = config.sessionIdleTimeout();
        this.absoluteTimeout = config.sessionAbsoluteTimeout();
        Config.Limits limits = config.limits();
        this.failuresPerAccount =
                rateLimits.window("login-failures-account", limits.loginFailuresPerAccount(), limits.loginWindow());
        this.failuresPerIp = rateLimits.window("login-failures-ip", limits.loginFailuresPerIp(), limits.loginWindow());
        this.signupsPerIp = rateLimits.window("signups-ip", limits.signupsPerIpPerHour(), Duration.ofHours(1));
    }

    /** Set once at wiring time by the real-time gateway. */
    public void onSessionsEnded(SessionListener listener) {
        this.listener = listener;
    }

    /** Set once at wiring time by the real-time gateway. */
    public void onProfileChanged(ProfileListener profiles) {
        this.profiles = profiles;
    }

    /** A logged-in session: the token goes to the client once, and is never stored. */
    public record Login(User user, String token, Session session) {}

    /** The user and session behind a valid token. */
    public record Authenticated(User user, Session session) {}

    public Login signup(String username, String email, String password, String displayName, ClientInfo client) {
        throwIfLimited(signupsPerIp.retryAfter(client.ip()), "Too many sign-ups from your network. Try again later.");
        User user;
        try {
            user = createUser(username, email, password, displayName);
        } catch (ConflictException e) {
            // A taken name counts too, so that probing for accounts is limited like signing up.
            signupsPerIp.record(client.ip());
            throw e;
        }
        signupsPerIp.record(client.ip());
        return startSession(user, client);
    }

    /**
     * Creates an account by the sign-up rules, without logging it in or counting it against a
     * rate limit: for the admin command, whose operator has the store in hand anyway.
     */
    public User createUser(String username, String email, String password, String displayName) {
        username = username.trim();
        email = normalized(email);
        if (!USERNAME.matcher(username).matches()) {
            throw new InvalidException("invalid_username", "A username has 3 to 32 letters, digits, '_', '-' or '.'.");
        }
        if (email.codePoints().anyMatch(cp -> Text.isHidden(cp) || Character.isSpaceChar(cp))) {
            throw new InvalidException(
                    "invalid_email", "An email address cannot hold spaces, control or invisible characters.");
        }
        if (email.length() > MAX_EMAIL || !EMAIL.matcher(email).matches()) {
            throw new InvalidException("invalid_email", "That does not look like an email address.");
        }
        checkNewPassword(password, username, email);
        String name = displayName == null || displayName.isBlank() ? username : checkDisplayName(displayName);
        User user = new User(Ids.newId(), username, email, name, hasher.hash(password), now());
        users.create(user);
        return user;
    }

    public Login login(String login, String password, ClientInfo client) {
        throwIfLimited(
                failuresPerIp.retryAfter(client.ip()), "Too many failed logins from your network. Try again later.");
        String typed = normalized(login).toLowerCase(Locale.ROOT);
        Optional<User> found = typed.isEmpty()
                ? Optional.empty()
                : typed.contains("@") ? users.findByEmail(typed) : users.findByUsername(typed);
        // One count per account, whether it was named by username or by email; a login that
        // names no account is counted under what was typed, so guessing at it is throttled too.
        String accountKey = found.map(u -> "user:" + u.id()).orElse("login:" + typed);
        throwIfLimited(
                failuresPerAccount.retryAfter(accountKey), "Too many failed logins for this account. Try again later.");
        boolean ok;
        if (found.isPresent() && password.length() <= MAX_PASSWORD) {
            ok = hasher.verify(password, found.get().passwordHash());
        } else {
            hasher.verifyDummy(password);
            ok = false;
        }
        if (!ok) {
            failuresPerAccount.record(accountKey);
            failuresPerIp.record(client.ip());
            // One answer for an unknown account and a wrong password, so nobody learns who has one.
            throw new UnauthorizedException("invalid_credentials", "Wrong username, email or password.");
        }
        failuresPerAccount.reset(accountKey);
        User user = found.get();
        if (user.deactivated()) {
            // Told only to someone who knows the password: to anyone else it is a wrong password.
            throw new ForbiddenException(
                    "account_deactivated", "This account has been deactivated. Ask the server's admin.");
        }
        if (hasher.needsRehash(user.passwordHash())) {
            String rehashed = hasher.hash(password);
            users.updatePasswordHash(user.id(), rehashed);
            user = new User(
                    user.id(),
                    user.username(),
                    user.email(),
                    user.displayName(),
                    rehashed,
                    user.createdAt(),
                    user.admin(),
                    user.deactivated());
        }
        return startSession(user, client);
    }

    /** The session behind a token, if it exists and has not expired; records the use. */
    public Optional<Authenticated> authenticate(String token) {
        if (token == null || token.isEmpty() || token.length() > 128) {
            return Optional.empty();
        }
        String hash = SessionTokens.hash(token);
        Optional<Session> found = sessions.findByTokenHash(hash);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Session session = found.get();
        Instant now = now();
        if (!now.isBefore(session.expiresAt())) {
            sessions.delete(hash);
            listener.sessionEnded(hash);
            return Optional.empty();
        }
        Optional<User> user = users.findById(session.userId());
        // A deactivated user's sessions were deleted; one that raced with that ends here.
        if (user.isEmpty() || user.get().deactivated()) {
            sessions.delete(hash);
            return Optional.empty();
        }
        if (Duration.between(session.lastSeenAt(), now).compareTo(TOUCH_EVERY) >= 0) {
            Instant expiresAt = expiry(session.createdAt(), now);
            sessions.touch(hash, now, expiresAt);
            session = new Session(
                    hash, session.userId(), session.createdAt(), now, expiresAt, session.userAgent(), session.ip());
        }
        return Optional.of(new Authenticated(user.get(), session));
    }

    /** Ends one session. */
    public void logout(Session session) {
        sessions.delete(session.tokenHash());
        listener.sessionEnded(session.tokenHash());
    }

    /** Ends every session of the user, this one included. */
    public void logoutEverywhere(String userId) {
        sessions.deleteAllForUser(userId, null);
        listener.userSessionsEnded(userId, null);
    }

    /**
     * Deactivates a user: they can no longer log in, every session of theirs ends and their open
     * sockets are cut; their messages stay. The flag is set before the sessions go, so no new
     * session can outlive this.
     *
     * @return false when the user does not exist
     */
    public boolean deactivate(String userId) {
        if (!users.setDeactivated(userId, true)) {
            return false;
        }
        logoutEverywhere(userId);
        return true;
    }

    /** Lets a deactivated user log in again; false when the user does not exist. */
    public boolean reactivate(String userId) {
        return users.setDeactivated(userId, false);
    }

    /**
     * Sets a new password chosen by an admin, by the same rules as any password, and ends every
     * session of the user.
     */
    public void resetPassword(User user, String newPassword) {
        checkNewPassword(newPassword, user.username(), user.email());
        users.updatePasswordHash(user.id(), hasher.hash(newPassword));
        logoutEverywhere(user.id());
    }

    public User updateDisplayName(String userId, String displayName) {
        String name = checkDisplayName(displayName);
        users.updateDisplayName(userId, name);
        User user =
                users.findById(userId).orElseThrow(() -> new UnauthorizedException("Your account no longer exists."));
        profiles.profileChanged(user);
        return user;
    }

    /** Changes the password after checking the current one, and ends every other session. */
    public void changePassword(Authenticated who, String currentPassword, String newPassword) {
        User user = who.user();
        if (!hasher.verify(currentPassword, user.passwordHash())) {
            throw new InvalidException("wrong_password", "The current password is wrong.");
        }
        checkNewPassword(newPassword, user.username(), user.email());
        users.updatePasswordHash(user.id(), hasher.hash(newPassword));
        sessions.deleteAllForUser(user.id(), who.session().tokenHash());
        listener.userSessionsEnded(user.id(), who.session().tokenHash());
    }

    /** Deletes expired sessions and forgets stale rate-limit counts; run on a schedule. */
    public int sweep() {
        failuresPerAccount.sweep();
        failuresPerIp.sweep();
        signupsPerIp.sweep();
        return sessions.deleteExpired(now());
    }

    public Duration absoluteTimeout() {
        return absoluteTimeout;
    }

    private Login startSession(User user, ClientInfo client) {
        String token = SessionTokens.newToken();
        Instant now = now();
        Session session = new Session(
                SessionTokens.hash(token), user.id(), now, now, expiry(now, now), client.userAgent(), client.ip());
        sessions.create(session);
        return new Login(user, token, session);
    }

    private Instant expiry(Instant createdAt, Instant lastSeenAt) {
        Instant idle = lastSeenAt.plus(idleTimeout);
        Instant absolute = createdAt.plus(absoluteTimeout);
        return idle.isBefore(absolute) ? idle : absolute;
    }

    private void checkNewPassword(String password, String username, String email) {
        int length = password.codePointCount(0, password.length());
        if (length < MIN_PASSWORD || length > MAX_PASSWORD) {
            throw new InvalidException("invalid_password", "A password has 8 to 128 characters.");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (commonPasswords.contains(password)
                || lower.equals(username.toLowerCase(Locale.ROOT))
                || lower.equals(email.toLowerCase(Locale.ROOT))) {
            throw new InvalidException(
                    "password_too_common", "That password is too common or too easy to guess. Choose another.");
        }
    }

    private static String checkDisplayName(String displayName) {
        String name = normalized(displayName);
        int length = name.codePointCount(0, name.length());
        if (length < 1 || length > MAX_DISPLAY_NAME || Text.hasHiddenCharacters(name)) {
            throw new InvalidException(
                    "invalid_display_name",
                    "A display name has 1 to 64 characters and no control or invisible characters.");
        }
        return name;
    }

    /** Trimmed and in Unicode NFC, so that one text has one form however it was typed. */
    private static String normalized(String text) {
        return Normalizer.normalize(text.strip(), Normalizer.Form.NFC);
    }

    private static void throwIfLimited(Optional<Duration> retryAfter, String message) {
        if (retryAfter.isPresent()) {
            throw new RateLimitedException(message, retryAfter.get());
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
