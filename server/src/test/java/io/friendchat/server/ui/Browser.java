package io.friendchat.server.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.friendchat.server.web.Json;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium driven by Selenium's {@link ChromeDriver}, with the few steps these tests
 * take (go, fill a labelled field, press a button, run a script, DevTools commands, screenshot)
 * and failure messages that show the page and its console. Each browser has its own chromedriver
 * (Selenium stops a driver service when its session quits) and a fresh profile directory, so two
 * browsers are two people.
 *
 * <p>Nothing is ever downloaded: Debian's {@code /usr/bin/chromedriver} and {@code
 * /usr/bin/chromium} are named explicitly, so Selenium Manager is never asked to find or fetch
 * either. When either is missing the tests fail with a message naming the package; they never
 * skip.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of(System.getProperty("friendchat.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("friendchat.chromedriver", "/usr/bin/chromedriver"));
    static final String ENTER = Keys.ENTER.toString();
    static final String SHIFT = Keys.SHIFT.toString();
    /** Releases held modifier keys (WebDriver's NULL key). */
    static final String RELEASE = Keys.NULL.toString();

    /**
     * Selenium warns at every session that it has no DevTools classes for this Chromium; these
     * tests need none ({@link #cdp} goes through chromedriver), so the warning is noise. Held
     * here because java.util.logging keeps loggers only weakly.
     */
    private static final java.util.logging.Logger CDP_VERSION_FINDER =
            java.util.logging.Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        CDP_VERSION_FINDER.setLevel(Level.SEVERE);
    }

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    static Browser open(int width, int height) {
        requireExecutable(CHROMIUM, "chromium");
        requireExecutable(CHROMEDRIVER, "chromium-driver");
        Path profile;
        try {
            profile = Files.createTempDirectory("friendchat-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
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
                "--window-size=" + width + "," + height);
        options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogOutput(OutputStream.nullOutputStream())
                .build();
        ChromeDriver driver;
        try {
            driver = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            deleteTree(profile);
            throw e;
        }
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        Browser browser = new Browser(driver, profile);
        browser.setViewport(width, height);
        return browser;
    }

    private static void requireExecutable(Path path, String debianPackage) {
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException("The browser tests need " + path + ", which is missing. Install the Debian "
                    + "package '" + debianPackage
                    + "' (./test.sh does this as root): apt-get install -y chromium chromium-driver");
        }
    }

    /** The Selenium driver itself, for what the helpers here do not cover. */
    ChromeDriver driver() {
        return driver;
    }

    /** Makes the page's viewport (not the window) exactly this size, as a phone or desktop would. */
    void setViewport(int width, int height) {
        cdp(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
    }

    void go(String url) {
        driver.get(url);
    }

    /** Runs a script (a function body; `arguments` holds args; a returned promise is awaited) as JSON. */
    JsonNode js(String script, Object... args) {
        return Json.MAPPER.valueToTree(script(script, args));
    }

    /** Runs a script and returns Selenium's value as is (a WebElement for an element). */
    Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    String text(String script, Object... args) {
        JsonNode v = js(script, args);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** A Chrome DevTools Protocol command, through chromedriver (no version-matched devtools jar needed). */
    Map<String, Object> cdp(String cmd, Map<String, Object> params) {
        return driver.executeCdpCommand(cmd, params);
    }

    /** Cuts this browser off the network (DevTools network emulation), or gives it back. */
    void offline(boolean offline) {
        cdp("Network.enable", Map.of());
        cdp(
                "Network.emulateNetworkConditions",
                Map.of("offline", offline, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
    }

    /** Waits for an element to exist and be visible, then returns it. */
    WebElement await(String css) {
        waitFor(
                "visible " + css,
                () -> js(
                                "const e = document.querySelector(arguments[0]);"
                                        + " return !!e && !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length);",
                                css)
                        .asBoolean());
        return driver.findElement(By.cssSelector(css));
    }

    void click(String css) {
        await(css).click();
    }

    /** Taps an element with a finger (DevTools touch events: pointerType "touch", then a click). */
    void tap(String css) {
        JsonNode at = js(
                "const r = document.querySelector(arguments[0]).getBoundingClientRect();"
                        + " return {x: r.left + r.width / 2, y: r.top + r.height / 2};",
                css);
        Map<String, Object> point =
                Map.of("x", at.get("x").asDouble(), "y", at.get("y").asDouble());
        cdp("Input.dispatchTouchEvent", Map.of("type", "touchStart", "touchPoints", List.of(point)));
        cdp("Input.dispatchTouchEvent", Map.of("type", "touchEnd", "touchPoints", List.of()));
    }

    void type(String css, String text) {
        await(css).sendKeys(text);
    }

    /** Fills a labelled field: waits for a visible label with exactly this text, then types into its control. */
    void fill(String label, String text) {
        String finder =
                "for (const l of document.querySelectorAll('label')) { if (l.textContent.trim() === arguments[0]"
                        + " && l.getClientRects().length) return l.htmlFor; } return null;";
        waitFor("a field labelled '" + label + "'", () -> !js(finder, label).isNull());
        String id = text(finder, label);
        await("#" + id).clear();
        type("#" + id, text);
    }

    /** Clicks the visible, enabled button or link whose text is exactly this. */
    void press(String label) {
        String finder =
                "for (const b of document.querySelectorAll('button, a, summary')) { if (b.textContent.trim() === arguments[0]"
                        + " && b.getClientRects().length && !b.disabled) return b; } return null;";
        waitFor("a button '" + label + "'", () -> script(finder, label) != null);
        ((WebElement) script(finder, label)).click();
    }

    /** The text of an open alert/confirm dialog, or null when none is open. */
    String openDialog() {
        try {
            return driver.switchTo().alert().getText();
        } catch (NoAlertPresentException e) {
            return null;
        }
    }

    void screenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void waitFor(String what, Supplier<Boolean> condition) {
        waitFor(what, Duration.ofSeconds(10), condition);
    }

    /** Polls the condition every 50 ms; a WebDriver error while polling counts as "not yet". */
    void waitFor(String what, Duration timeout, Supplier<Boolean> condition) {
        try {
            new WebDriverWait(driver, timeout, Duration.ofMillis(50))
                    .ignoring(WebDriverException.class)
                    .until(d -> condition.get());
        } catch (TimeoutException e) {
            throw new AssertionError(
                    "timed out after " + timeout.toMillis() + " ms waiting for " + what + " on " + safeUrl()
                            + (e.getCause() == null
                                    ? ""
                                    : " (last error: " + e.getCause().getMessage() + ")")
                            + "\nconsole:\n" + console() + "\npage text:\n" + pageText(),
                    e);
        }
    }

    /** The browser console since the last call (errors included), for failure messages. */
    String console() {
        try {
            StringBuilder out = new StringBuilder();
            for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
                out.append(entry.getLevel())
                        .append(' ')
                        .append(entry.getMessage())
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
            driver.quit();
        } catch (RuntimeException e) {
            // the browser is gone already
        }
        deleteTree(profile);
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // a temp dir; leave it
        }
    }

    static List<String> strings(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }
}
