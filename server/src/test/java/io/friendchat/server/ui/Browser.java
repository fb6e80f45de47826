package io.friendchat.server.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.friendchat.server.web.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One headless Chromium, driven through chromedriver's W3C WebDriver HTTP API with nothing but
 * java.net.http and Jackson: a handful of commands (navigate, find, click, type, run script,
 * screenshot, and Chrome DevTools commands) is all these tests need. Each browser has its own
 * fresh profile directory, so two browsers are two people.
 */
final class Browser implements AutoCloseable {
    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
    static final String ENTER = "\uE007";
    static final String SHIFT = "\uE008";
    static final String RELEASE = "\uE000";

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI session;
    private final Path profile;

    private Browser(URI session, Path profile) {
        this.session = session;
        this.profile = profile;
    }

    static Browser open(ChromeDriverProcess driver, int width, int height) {
        Path profile;
        try {
            profile = Files.createTempDirectory("friendchat-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ObjectNode options = Json.MAPPER.createObjectNode();
        options.put("binary", ChromeDriverProcess.CHROMIUM.toString());
        ArrayNode args = options.putArray("args");
        for (String a : List.of(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
                "--disable-dev-shm-usage",
                "--hide-scrollbars",
                "--force-device-scale-factor=1",
                "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height)) {
            args.add(a);
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        ObjectNode always = body.putObject("capabilities").putObject("alwaysMatch");
        always.put("browserName", "chrome");
        always.put("unhandledPromptBehavior", "ignore");
        always.set("goog:chromeOptions", options);
        always.putObject("goog:loggingPrefs").put("browser", "ALL");
        JsonNode value = raw(HttpClient.newHttpClient(), "POST", driver.base().resolve("/session"), body);
        URI session = driver.base().resolve("/session/" + value.get("sessionId").asText() + "/");
        Browser browser = new Browser(session, profile);
        browser.command("POST", "timeouts", Map.of("script", 60_000));
        browser.setViewport(width, height);
        return browser;
    }

    private static JsonNode raw(HttpClient http, String method, URI uri, Object body) {
        try {
            String json = body == null ? (method.equals("POST") ? "{}" : null) : Json.MAPPER.writeValueAsString(body);
            HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json");
            b.method(
                    method,
                    json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode parsed = Json.MAPPER.readTree(r.body());
            JsonNode value = parsed.get("value");
            if (r.statusCode() >= 400) {
                throw new WebDriverException(
                        value.path("error").asText(), value.path("message").asText());
            }
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static final class WebDriverException extends RuntimeException {
        final String error;

        WebDriverException(String error, String message) {
            super(error + ": " + message);
            this.error = error;
        }
    }

    private JsonNode command(String method, String path, Object body) {
        return raw(http, method, session.resolve(path), body);
    }

    /** Makes the page's viewport (not the window) exactly this size, as a phone or desktop would. */
    void setViewport(int width, int height) {
        cdp(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
    }

    void go(String url) {
        command("POST", "url", Map.of("url", url));
    }

    /** Runs a script (a function body; `arguments` holds args) and returns its JSON value. */
    JsonNode js(String script, Object... args) {
        return command("POST", "execute/sync", Map.of("script", script, "args", List.of(args)));
    }

    String text(String script, Object... args) {
        JsonNode v = js(script, args);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** A Chrome DevTools Protocol command, through chromedriver's goog/cdp/execute. */
    JsonNode cdp(String cmd, Map<String, Object> params) {
        return command("POST", "goog/cdp/execute", Map.of("cmd", cmd, "params", params));
    }

    String find(String css) {
        JsonNode v = command("POST", "element", Map.of("using", "css selector", "value", css));
        if (v.get(ELEMENT) == null) {
            throw new IllegalStateException("unexpected find answer: " + v);
        }
        return v.get(ELEMENT).asText();
    }

    /** Waits for an element to exist and be visible, then returns it. */
    String await(String css) {
        waitFor(
                "visible " + css,
                () -> js(
                                "const e = document.querySelector(arguments[0]);"
                                        + " return !!e && !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length);",
                                css)
                        .asBoolean());
        return find(css);
    }

    void click(String css) {
        command("POST", "element/" + await(css) + "/click", null);
    }

    void type(String css, String text) {
        command("POST", "element/" + await(css) + "/value", Map.of("text", text));
    }

    void clear(String css) {
        command("POST", "element/" + await(css) + "/clear", null);
    }

    /** Fills a labelled field: waits for a visible label with exactly this text, then types into its control. */
    void fill(String label, String text) {
        String finder =
                "for (const l of document.querySelectorAll('label')) { if (l.textContent.trim() === arguments[0]"
                        + " && l.getClientRects().length) return l.htmlFor; } return null;";
        waitFor("a field labelled '" + label + "'", () -> !js(finder, label).isNull());
        String id = text(finder, label);
        clear("#" + id);
        type("#" + id, text);
    }

    /** Clicks the visible, enabled button or link whose text is exactly this. */
    void press(String label) {
        String finder =
                "for (const b of document.querySelectorAll('button, a, summary')) { if (b.textContent.trim() === arguments[0]"
                        + " && b.getClientRects().length && !b.disabled) return b; } return null;";
        waitFor("a button '" + label + "'", () -> !js(finder, label).isNull());
        command("POST", "element/" + js(finder, label).get(ELEMENT).asText() + "/click", null);
    }

    /** The text of an open alert/confirm dialog, or null when none is open. */
    String openDialog() {
        try {
            return command("GET", "alert/text", null).asText();
        } catch (WebDriverException e) {
            if (e.error.equals("no such alert")) {
                return null;
            }
            throw e;
        }
    }

    void screenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(
                    file,
                    Base64.getDecoder()
                            .decode(command("GET", "screenshot", null).asText()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void waitFor(String what, Supplier<Boolean> condition) {
        waitFor(what, Duration.ofSeconds(10), condition);
    }

    void waitFor(String what, Duration timeout, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (Boolean.TRUE.equals(condition.get())) {
                    return;
                }
            } catch (WebDriverException e) {
                last = e;
            }
            ChromeDriverProcess.sleep(50);
        }
        throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what
                + " on " + safeUrl() + (last == null ? "" : " (last error: " + last.getMessage() + ")") + "\nconsole:\n"
                + console()
                + "\npage text:\n" + pageText());
    }

    /** The browser console since the last call (errors included), for failure messages. */
    String console() {
        try {
            StringBuilder out = new StringBuilder();
            for (JsonNode entry : command("POST", "se/log", Map.of("type", "browser"))) {
                out.append(entry.path("level").asText())
                        .append(' ')
                        .append(entry.path("message").asText())
                        .append('\n');
            }
            return out.toString();
        } catch (RuntimeException e) {
            return "(console unavailable: " + e.getMessage() + ")";
        }
    }

    private String pageText() {
        try {
            String text = js("return document.body.innerText").asText();
            return text.length() > 2000 ? text.substring(0, 2000) + "…" : text;
        } catch (RuntimeException e) {
            return "?";
        }
    }

    private String safeUrl() {
        try {
            return js("return location.href").asText();
        } catch (RuntimeException e) {
            return "?";
        }
    }

    @Override
    public void close() {
        try {
            raw(http, "DELETE", URI.create(session.toString().replaceAll("/$", "")), null);
        } catch (RuntimeException e) {
            // the browser is gone already
        }
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp dir; leave it
        }
    }
}
