package io.friendchat.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.friendchat.server.testing.Backend;
import io.friendchat.server.testing.ServerFixture;
import io.friendchat.server.testing.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the web app's files are cached: versioned URLs for good, the page itself never without
 * asking, and the version following the content.
 */
class WebAssetsTest {
    private static final Pattern ASSET = Pattern.compile("(?:href|src)=\"(/assets/[0-9a-f]{12}/[^\"]+)\"");

    @RegisterExtension
    final ServerFixture fixture = ServerFixture.on(Backend.SQLITE);

    @TempDir
    Path tempDir;

    TestServer server;

    @BeforeEach
    void start() {
        server = fixture.server();
    }

    private static List<String> assetsOf(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = ASSET.matcher(html);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void the_page_is_revalidated_and_names_versioned_files_that_are_cached_for_good() {
        TestServer.Response page = server.get("/");
        assertEquals(200, page.status());
        assertEquals(WebAssets.NO_CACHE, page.header("Cache-Control"));
        assertFalse(page.body().contains(WebAssets.PLACEHOLDER), "every placeholder filled in");
        List<String> assets = assetsOf(page.body());
        assertTrue(assets.stream().anyMatch(a -> a.endsWith("/js/app.js")), assets.toString());
        assertTrue(assets.stream().anyMatch(a -> a.endsWith("/css/app.css")), assets.toString());
        for (String asset : assets) {
            TestServer.Response file = server.get(asset);
            assertEquals(200, file.status(), asset);
            assertEquals("public, max-age=31536000, immutable", file.header("Cache-Control"), asset);
        }
        String prefix = assets.get(0).substring(0, "/assets/".length() + 12);
        for (String module : List.of(
                "/js/shell.js",
                "/js/chat.js",
                "/js/markdown.js",
                "/vendor/socket.io.esm.min.js",
                "/vendor/marked.esm.js")) {
            TestServer.Response file = server.get(prefix + module);
            assertEquals(200, file.status(), "lazily imported modules are under the version too: " + module);
            assertEquals(WebAssets.IMMUTABLE, file.header("Cache-Control"), module);
        }

        TestServer.Response again = server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/"))
                .header("If-None-Match", page.header("ETag")));
        assertEquals(304, again.status(), "an unchanged page is a 304");
        assertEquals(200, server.get("/index.html").status());
        assertEquals(page.body(), server.get("/index.html").body());
    }

    @Test
    void other_versions_are_not_found_and_plain_paths_are_revalidated() {
        assertEquals(404, server.get("/assets/000000000000/js/app.js").status(), "an old version is gone");
        TestServer.Response plain = server.get("/css/error.css");
        assertEquals(200, plain.status());
        assertEquals(WebAssets.NO_CACHE, plain.header("Cache-Control"));
        String prefix = assetsOf(server.get("/").body()).get(0).substring(0, "/assets/".length() + 12);
        assertEquals(404, server.get(prefix + "/index.html").status(), "the page itself is never cached for good");
    }

    @Test
    void the_version_follows_the_content() throws IOException {
        Path dir = tempDir.resolve("web");
        Files.createDirectories(dir.resolve("js"));
        Files.writeString(dir.resolve("index.html"), "<script src=\"" + WebAssets.PLACEHOLDER + "/js/a.js\"></script>");
        Files.writeString(dir.resolve("js/a.js"), "one");
        WebAssets first = WebAssets.fromDirectory(dir);
        assertEquals(first.version(), WebAssets.fromDirectory(dir).version(), "the same files, the same version");
        Files.writeString(dir.resolve("js/a.js"), "two");
        assertNotEquals(first.version(), WebAssets.fromDirectory(dir).version(), "a changed file, a new version");
        assertTrue(first.prefix().matches("/assets/[0-9a-f]{12}"), first.prefix());
    }
}
