package io.friendchat.server.admin;

import io.friendchat.server.Config;
import io.friendchat.server.ConfigException;
import io.friendchat.server.FriendChatServer;
import io.friendchat.server.account.User;
import io.friendchat.server.common.DomainException;
import io.friendchat.server.store.DataStore;
import io.friendchat.server.store.StoreException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code friendchat admin COMMAND ...}: parses the command line, runs one {@link AdminCommands}
 * method on the store the environment names, and reports. Exit status 0 when done, 1 when the
 * command failed (no such user or room, a rule broken, the store), 2 for a bad command line or
 * configuration.
 */
public final class AdminCli {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final String PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final int PASSWORD_LENGTH = 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, String> env;
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    private AdminCli(Map<String, String> env, InputStream in, PrintStream out, PrintStream err) {
        this.env = env;
        this.in = in;
        this.out = out;
        this.err = err;
    }

    /** One command; {@code args} are what follows {@code admin}. Returns the exit status. */
    public static int run(String[] args, Map<String, String> env, InputStream in, PrintStream out, PrintStream err) {
        return new AdminCli(env, in, out, err).run(List.of(args));
    }

    /** A command's name, its arguments, the flags it takes (those ending in '=' take a value), and its help. */
    private record Spec(String name, List<String> positionals, Set<String> flags, String help) {
        String usage() {
            return "friendchat admin " + name + (positionals.isEmpty() ? "" : " " + String.join(" ", positionals));
        }
    }

    private static final List<Spec> SPECS = List.of(
            new Spec(
                    "create-user",
                    List.of("USERNAME", "EMAIL"),
                    Set.of("display-name=", "admin", "stdin"),
                    "Creates an account by the sign-up rules. Prints a one-time password on stdout, or with --stdin"
                            + " reads the password from the first line of stdin. --display-name NAME sets the display"
                            + " name; --admin also makes the user a server admin."),
            new Spec(
                    "reset-password",
                    List.of("USERNAME"),
                    Set.of("stdin"),
                    "Sets a new password and ends every session of the user. Prints a one-time password on stdout,"
                            + " or with --stdin reads the new password from the first line of stdin."),
            new Spec("make-admin", List.of("USERNAME"), Set.of(), "Makes the user a server admin."),
            new Spec(
                    "remove-admin",
                    List.of("USERNAME"),
                    Set.of(),
                    "Takes the server-admin flag away. A user named in FRIENDCHAT_ADMINS stays an admin."),
            new Spec(
                    "deactivate",
                    List.of("USERNAME"),
                    Set.of(),
                    "The user can no longer log in and their sessions end; their messages stay. Sockets already"
                            + " open on a running server stay until they reconnect: to cut them at once, deactivate"
                            + " from the admin page."),
            new Spec("reactivate", List.of("USERNAME"), Set.of(), "Lets a deactivated user log in again."),
            new Spec(
                    "backup",
                    List.of("FILE"),
                    Set.of(),
                    "Writes a consistent copy of the SQLite store to FILE (which must not exist) with VACUUM INTO,"
                            + " while the server runs. For MongoDB, use mongodump."),
            new Spec(
                    "export-room",
                    List.of("ROOM_ID", "FILE"),
                    Set.of(),
                    "Writes the room's whole history as JSON to FILE (which must not exist), or to stdout when"
                            + " FILE is '-'."));

    private int run(List<String> args) {
        if (args.isEmpty() || isHelp(args.get(0))) {
            (args.isEmpty() ? err : out).print(help());
            return args.isEmpty() ? USAGE : OK;
        }
        Spec spec = SPECS.stream()
                .filter(s -> s.name().equals(args.get(0)))
                .findFirst()
                .orElse(null);
        if (spec == null) {
            return usage("unknown command '" + args.get(0) + "'. Commands: " + names() + ".");
        }
        List<String> positionals = new ArrayList<>();
        Map<String, String> flags = new HashMap<>();
        for (int i = 1; i < args.size(); i++) {
            String arg = args.get(i);
            if (isHelp(arg)) {
                out.println("Usage: " + spec.usage() + flagsUsage(spec));
                out.println();
                out.println(spec.help());
                return OK;
            }
            if (arg.startsWith("--") && !arg.equals("-")) {
                String name = arg.substring(2);
                if (spec.flags().contains(name)) {
                    flags.put(name, "");
                } else if (spec.flags().contains(name + "=")) {
                    if (i + 1 >= args.size()) {
                        return usage(arg + " needs a value.", spec);
                    }
                    flags.put(name, args.get(++i));
                } else {
                    return usage("unknown option " + arg + ".", spec);
                }
            } else {
                positionals.add(arg);
            }
        }
        if (positionals.size() != spec.positionals().size()) {
            return usage(
                    spec.name() + " takes " + String.join(" ", spec.positionals()) + ", given "
                            + (positionals.isEmpty() ? "nothing" : String.join(" ", positionals)) + ".",
                    spec);
        }
        String password = null;
        if (flags.containsKey("stdin")) {
            password = readPassword();
            if (password == null) {
                return usage("--stdin was given but stdin holds no password.", spec);
            }
        }
        Config config;
        try {
            config = Config.fromEnv(env);
        } catch (ConfigException e) {
            err.println("friendchat admin: configuration error: " + e.getMessage());
            return USAGE;
        }
        try (DataStore store = FriendChatServer.openStore(config)) {
            AdminCommands commands = FriendChatServer.adminCommands(
                    config, store, Clock.systemUTC(), System.getProperty("user.name", "unknown"));
            return execute(spec.name(), positionals, flags, password, commands);
        } catch (DomainException e) {
            err.println("friendchat admin " + spec.name() + ": " + e.getMessage() + " (" + e.code() + ")");
            return FAILED;
        } catch (StoreException | UnsupportedOperationException e) {
            err.println("friendchat admin " + spec.name() + ": " + describe(e));
            return FAILED;
        } catch (IOException e) {
            err.println("friendchat admin " + spec.name() + ": cannot write: " + describe(e));
            return FAILED;
        }
    }

    private int execute(
            String command, List<String> args, Map<String, String> flags, String password, AdminCommands commands)
            throws IOException {
        switch (command) {
            case "create-user" -> {
                String chosen = password == null ? oneTimePassword() : password;
                User user = commands.createUser(
                        args.get(0), args.get(1), chosen, flags.get("display-name"), flags.containsKey("admin"));
                err.println("Created " + user.username() + " (id " + user.id() + ")"
                        + (flags.containsKey("admin") ? ", a server admin." : "."));
                printOneTime(password, chosen);
            }
            case "reset-password" -> {
                String chosen = password == null ? oneTimePassword() : password;
                User user = commands.resetPassword(args.get(0), chosen);
                err.println("Password of " + user.username() + " set; every session of theirs has ended.");
                printOneTime(password, chosen);
            }
            case "make-admin" -> err.println(commands.makeAdmin(args.get(0)).username() + " is now a server admin.");
            case "remove-admin" -> {
                boolean named = commands.removeAdmin(args.get(0));
                err.println(
                        named
                                ? args.get(0) + " has no admin flag now, but stays an admin while FRIENDCHAT_ADMINS"
                                        + " names them."
                                : args.get(0) + " is no longer a server admin.");
            }
            case "deactivate" ->
                err.println(commands.deactivate(args.get(0)).username()
                        + " is deactivated: they cannot log in, and their sessions have ended. Sockets open on a running"
                        + " server stay until they reconnect; deactivate from the admin page to cut them at once.");
            case "reactivate" -> err.println(commands.reactivate(args.get(0)).username() + " can log in again.");
            case "backup" -> {
                Path target = newFile(args.get(0));
                if (target == null) {
                    return FAILED;
                }
                commands.backup(target);
                err.println("Backed up to " + target + " (" + Files.size(target) + " bytes). Uploaded files are not"
                        + " in it: copy the data dir's files/ folder too, after this backup (files are only ever added"
                        + " and deleted, never changed).");
            }
            case "export-room" -> {
                if (args.get(1).equals("-")) {
                    commands.exportRoom(args.get(0), new NonClosing(out));
                    out.println();
                    return OK;
                }
                Path target = newFile(args.get(1));
                if (target == null) {
                    return FAILED;
                }
                long count;
                try (OutputStream file = Files.newOutputStream(target)) {
                    count = commands.exportRoom(args.get(0), file);
                } catch (IOException | RuntimeException e) {
                    Files.deleteIfExists(target);
                    throw e;
                }
                err.println("Exported " + count + " messages to " + target + ".");
            }
            default -> throw new IllegalStateException("no handler for " + command);
        }
        return OK;
    }

    /** The path, when it does not exist yet and its folder does; otherwise says why and gives null. */
    private Path newFile(String name) {
        Path target = Path.of(name).toAbsolutePath().normalize();
        if (Files.exists(target)) {
            err.println("friendchat admin: " + target + " already exists; name a new file.");
            return null;
        }
        if (target.getParent() == null || !Files.isDirectory(target.getParent())) {
            err.println("friendchat admin: the folder of " + target + " does not exist.");
            return null;
        }
        return target;
    }

    private void printOneTime(String given, String chosen) {
        if (given == null) {
            err.println("One-time password (shown once; ask them to change it on their account page):");
            out.println(chosen);
        }
    }

    /** The first line of stdin, without its line break; null when there is none or it is empty. */
    private String readPassword() {
        try {
            String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            return line == null || line.isEmpty() ? null : line;
        } catch (IOException e) {
            return null;
        }
    }

    static String oneTimePassword() {
        StringBuilder password = new StringBuilder(PASSWORD_LENGTH);
        for (int i = 0; i < PASSWORD_LENGTH; i++) {
            password.append(PASSWORD_ALPHABET.charAt(RANDOM.nextInt(PASSWORD_ALPHABET.length())));
        }
        return password.toString();
    }

    private int usage(String problem) {
        err.println("friendchat admin: " + problem);
        err.println("Run 'friendchat admin --help' for the commands.");
        return USAGE;
    }

    private int usage(String problem, Spec spec) {
        err.println("friendchat admin: " + problem);
        err.println("Usage: " + spec.usage() + flagsUsage(spec));
        return USAGE;
    }

    private static String flagsUsage(Spec spec) {
        StringBuilder s = new StringBuilder();
        spec.flags().stream()
                .sorted()
                .forEach(f -> s.append(
                        f.endsWith("=") ? " [--" + f.substring(0, f.length() - 1) + " VALUE]" : " [--" + f + "]"));
        return s.toString();
    }

    private static boolean isHelp(String arg) {
        return arg.equals("--help") || arg.equals("-h") || arg.equals("help");
    }

    private static String names() {
        return String.join(", ", SPECS.stream().map(Spec::name).toList());
    }

    static String help() {
        StringBuilder s = new StringBuilder();
        s.append(
                "Usage: friendchat admin COMMAND [ARGS]   (java -jar friendchat.jar admin ..., or ./run.sh admin ...)\n\n");
        s.append("Works on the store the environment names, like the server: MONGO_URI, or else the SQLite file in\n");
        s.append("FRIENDCHAT_DATA_DIR (default ./data). The server may be running meanwhile.\n\nCommands:\n");
        for (Spec spec : SPECS) {
            s.append("  ").append(spec.usage()).append(flagsUsage(spec)).append('\n');
            s.append(wrap(spec.help(), "      ")).append('\n');
        }
        s.append("\nRun 'friendchat admin COMMAND --help' for one command. Exit status: 0 done; 1 the command\n");
        s.append("failed (no such user or room, a rule broken, the store); 2 a bad command line or configuration.\n");
        return s.toString();
    }

    private static String wrap(String text, String indent) {
        StringBuilder s = new StringBuilder(indent);
        int column = indent.length();
        for (String word : text.split(" ")) {
            if (column + word.length() > 100 && column > indent.length()) {
                s.setLength(s.length() - 1);
                s.append('\n').append(indent);
                column = indent.length();
            }
            s.append(word).append(' ');
            column += word.length() + 1;
        }
        return s.toString().stripTrailing();
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null) {
            message = message + ": " + cause.getMessage();
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }

    /** Lets the JSON writer close what it was given without closing stdout. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
