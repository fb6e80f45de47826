package io.friendchat.server.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts a class from the test classpath in a separate JVM, for tests that kill or signal it. */
public final class ChildJvm {
    private ChildJvm() {}

    public static Process start(Class<?> mainClass, Map<String, String> env, Path workDir, String... args)
            throws IOException {
        return start(mainClass, List.of(), env, workDir, args);
    }

    /** As above, with extra JVM options such as {@code -Djava.security.properties=...}. */
    public static Process start(
            Class<?> mainClass, List<String> jvmOptions, Map<String, String> env, Path workDir, String... args)
            throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xshare:auto"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment()
                .keySet()
                .removeIf(k -> k.startsWith("FRIENDCHAT_")
                        || k.equals("PORT")
                        || k.equals("MONGO_URI")
                        || k.equals("REDIS_URL"));
        builder.environment().putAll(env);
        return builder.start();
    }
}
