package io.friendchat.server.account;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Users, unique by username and by email without regard to case. */
public interface UserStore {
    /**
     * Stores a new user.
     *
     * @throws io.friendchat.server.common.ConflictException with code {@code username_taken}
     *     or {@code email_taken} when either is already used, in any case
     */
    void create(User user);

    Optional<User> findById(String id);

    /** The users with these ids that exist, in no particular order. */
    List<User> findByIds(Collection<String> ids);

    /** Finds a user by username, without regard to case. */
    Optional<User> findByUsername(String username);

    /** Finds a user by email, without regard to case. */
    Optional<User> findByEmail(String email);

    /** False when the user does not exist. */
    boolean updateDisplayName(String id, String displayName);

    /** False when the user does not exist. */
    boolean updatePasswordHash(String id, String passwordHash);

    /** Sets or clears the stored server-admin flag; false when the user does not exist. */
    boolean setAdmin(String id, boolean admin);

    /** Deactivates or reactivates the user; false when the user does not exist. */
    boolean setDeactivated(String id, boolean deactivated);

    /**
     * Up to {@code limit} users whose username starts with {@code prefix}, ordered by username
     * without regard to case, starting after the username {@code after} (null: from the first).
     * Both are compared without regard to case; an empty prefix matches everyone.
     */
    List<User> listByUsername(String prefix, String after, int limit);

    /**
     * Up to {@code limit} active users whose username or display name starts with {@code prefix}
     * (both without regard to case), ordered by username. Both are looked up on an index.
     */
    List<User> search(String prefix, int limit);

    /**
     * Stores the user's avatar image and sets their {@code avatarVersion}; false when the user
     * does not exist.
     */
    boolean setAvatar(String id, byte[] image, long version);

    /** Removes the avatar and sets {@code avatarVersion} to 0; false when the user does not exist. */
    boolean clearAvatar(String id);

    /** The stored avatar image of the user, if they have one. */
    Optional<byte[]> findAvatar(String id);

    /** How many users there are, deactivated ones included. */
    long count();
}
