package io.friendchat.server.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;

/**
 * Sharing files in two real Chromiums: alice attaches an image with the composer's button, an
 * HTML page named like an image, a pasted file and a dropped one; bob sees the image inline as
 * a thumbnail linking to the full size, and the others as downloads.
 */
class FilesInBrowserTest extends BrowserTest {
    @TempDir
    Path files;

    private static boolean has(Browser b, String script) {
        return b.js(script).asBoolean();
    }

    @ParameterizedTest
    @ValueSource(ints = {375, 1280})
    void an_image_shows_inline_and_other_files_download_for_the_other_member(int width) throws Exception {
        try (Browser alice = ui.browser(width, 800);
                Browser bob = ui.browser(width, 800)) {
            ui.twoInARoom(alice, "fa" + width, bob, "fb" + width, "Album");
            Path png = files.resolve("sunset.png");
            BufferedImage image = new BufferedImage(640, 320, BufferedImage.TYPE_INT_RGB);
            image.setRGB(10, 10, 0xffaa00);
            ImageIO.write(image, "png", png.toFile());
            Path html = files.resolve("cat.png");
            Files.writeString(html, "<html><script>alert(1)</script></html>");

            alice.driver().findElement(By.id("composer-file")).sendKeys(png.toString());
            bob.waitFor(
                    "the image's thumbnail, loaded, on bob's screen",
                    () -> has(
                            bob,
                            "const i = document.querySelector('.messages .attachment.image img');"
                                    + " return !!i && i.complete && i.naturalWidth === 320 && i.alt === 'sunset.png';"));
            assertTrue(bob.text("return document.querySelector('.messages .attachment.image').href")
                    .matches(".*/api/files/[0-9a-f]{24}$"));
            alice.waitFor("the upload row to go", () -> has(alice, "return !document.querySelector('.uploads li')"));

            alice.driver().findElement(By.id("composer-file")).sendKeys(html.toString());
            bob.waitFor(
                    "the disguised page as a download link",
                    () -> has(
                            bob,
                            "return [...document.querySelectorAll('.messages .attachment.file')]"
                                    + ".some(a => a.getAttribute('download') === 'cat.png')"));
            assertEquals(
                    1L,
                    bob.js("return document.querySelectorAll('.messages .attachment.image').length")
                            .asLong(),
                    "only the real image is inline");

            alice.js("const dt = new DataTransfer();"
                    + " dt.items.add(new File(['pasted text'], 'pasted.txt', {type: 'text/plain'}));"
                    + " document.querySelector('#composer').dispatchEvent("
                    + "new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true}));"
                    + " return true;");
            alice.js("const dt = new DataTransfer();"
                    + " dt.items.add(new File(['dropped'], 'dropped.txt', {type: 'text/plain'}));"
                    + " document.querySelector('.conversation').dispatchEvent("
                    + "new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));"
                    + " return true;");
            bob.waitFor(
                    "the pasted and the dropped file",
                    () -> has(
                            bob,
                            "const names = [...document.querySelectorAll('.messages .attachment.file .file-name')]"
                                    + ".map(e => e.textContent);"
                                    + " return names.includes('pasted.txt') && names.includes('dropped.txt');"));
            bob.screenshot(UiSession.SCREENSHOTS.resolve("files-" + width + ".png"));
        }
    }
}
