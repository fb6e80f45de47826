package io.friendchat.server.web;

import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The web app's files, from the classpath directory {@code /web}, and how browsers may cache
 * them.
 *
 * <ul>
 *   <li>Every file is served under {@code /assets/VERSION/}, where VERSION is a hash of the
 *       content of all of them, with {@value #IMMUTABLE}: a changed file makes a new version and
 *       so new URLs, and a browser never has to ask again about a file it holds. The modules
 *       import each other by relative paths, so the whole graph stays under one version.
 *   <li>{@code index.html} is the one entry point and names the current version (its
 *       {@value #PLACEHOLDER} becomes {@code /assets/VERSION}), so it is served at {@code /}
 *       with {@value #NO_CACHE}: revalidated on every load, a 304 by its ETag while the version
 *       holds.
 *   <li>The same files stay at their plain paths ({@code /css/error.css}, which the error pages
 *       use) with {@value #NO_CACHE}.
 * </ul>
 *
 * An old version's URLs answer 404 after an upgrade: the page that asked for them is out of
 * date, and the app loads itself again.
 */
public final class WebAssets {
    public static final String IMMUTABLE = "public, max-age=31536000, immutable";
    public static final String NO_CACHE = "no-cache";
    static final String PLACEHOLDER = "{{assets}}";
    private static final String DIRECTORY = "web";
    private static final String INDEX = "index.html";

    private final String version;
    private final byte[] index;
    private final String etag;

    private WebAssets(String version, String indexTemplate) {
        this.version = version;
        this.index = indexTemplate.replace(PLACEHOLDER, prefix()).getBytes(StandardCharsets.UTF_8);
        this.etag = "\"" + version + "\"";
    }

    /** Reads and hashes the files; fails when the web app is missing from the classpath. */
    public static WebAssets load() {
        URL url = WebAssets.class.getClassLoader().getResource(DIRECTORY + "/" + INDEX);
        if (url == null) {
            throw new IllegalStateException("the web app (" + DIRECTORY + "/" + INDEX + ") is not on the classpath");
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem jar = openJar(uri)) {
                    return fromDirectory(jar.getPath("/" + DIRECTORY));
                }
            }
            return fromDirectory(Path.of(uri).getParent());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FileSystem openJar(URI uri) throws IOException {
        try {
            return FileSystems.newFileSystem(uri, Map.of());
        } catch (FileSystemAlreadyExistsException e) {
            // Someone else holds it open; a fresh one on the same file is independent.
            return FileSystems.newFileSystem(
                    Path.of(URI.create(uri.getSchemeSpecificPart().split("!")[0])));
        }
    }

    /** The version is the start of a SHA-256 over every file's path and content, in path order. */
    static WebAssets fromDirectory(Path dir) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile)
                    .sorted((a, b) -> relative(dir, a).compareTo(relative(dir, b)))
                    .toList();
        }
        String indexTemplate = null;
        for (Path file : files) {
            byte[] content;
            try (InputStream in = Files.newInputStream(file)) {
                content = in.readAllBytes();
            }
            String name = relative(dir, file);
            sha.update(name.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(Long.toString(content.length).getBytes(StandardCharsets.US_ASCII));
            sha.update((byte) 0);
            sha.update(content);
            if (name.equals(INDEX)) {
                indexTemplate = new String(content, StandardCharsets.UTF_8);
            }
        }
        if (indexTemplate == null) {
            throw new IllegalStateException("no " + INDEX + " in " + dir);
        }
        return new WebAssets(HexFormat.of().formatHex(sha.digest(), 0, 6), indexTemplate);
    }

    private static String relative(Path dir, Path file) {
        return dir.relativize(file).toString().replace('\\', '/');
    }

    /** The hash that names this set of files. */
    public String version() {
        return version;
    }

    /** Where the files are served for good: {@code /assets/VERSION}. */
    public String prefix() {
        return "/assets/" + version;
    }

    /** The static file handlers: versioned and immutable, and the plain paths with no-cache. */
    public void configure(JavalinConfig c) {
        c.staticFiles.add(sf -> {
            sf.hostedPath = prefix();
            sf.directory = "/" + DIRECTORY;
            sf.location = Location.CLASSPATH;
            sf.headers = Map.of("Cache-Control", IMMUTABLE);
            sf.skipFileFunction = req -> isIndex(req.getRequestURI());
        });
        c.staticFiles.add(sf -> {
            sf.hostedPath = "/";
            sf.directory = "/" + DIRECTORY;
            sf.location = Location.CLASSPATH;
            sf.headers = Map.of("Cache-Control", NO_CACHE);
            sf.skipFileFunction = req -> isIndex(req.getRequestURI());
        });
    }

    /** The page itself, at {@code /} and {@code /index.html}. */
    public void register(RoutesConfig routes) {
        routes.get("/", this::index);
        routes.get("/" + INDEX, this::index);
    }

    private static boolean isIndex(String path) {
        return path.endsWith("/") || path.endsWith("/" + INDEX);
    }

    private void index(Context ctx) {
        ctx.header("Cache-Control", NO_CACHE);
        ctx.header("ETag", etag);
        // The version is in the tag however it is quoted, weakened or suffixed (by compression).
        String match = ctx.header("If-None-Match");
        if (match != null && match.contains(version)) {
            ctx.status(HttpStatus.NOT_MODIFIED);
            return;
        }
        ctx.contentType("text/html; charset=utf-8").result(index);
    }
}
