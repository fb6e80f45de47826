package io.friendchat.server.people;

import io.friendchat.server.common.InvalidException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Turns an uploaded picture into the avatar that is served: a {@value #SIZE} px square PNG, drawn
 * anew, so nothing the user sent is served back as it was. The type is read from the content's
 * first bytes, never from what the client says; the pixel size is read before anything is decoded,
 * so a small file that claims a huge picture is refused without filling memory.
 */
public final class AvatarImages {
    public static final int SIZE = 128;
    public static final int MAX_BYTES = 2 * 1024 * 1024;
    static final int MAX_PIXELS_PER_SIDE = 8000;

    private AvatarImages() {}

    /** The type the content's magic bytes show: png, jpeg, gif, webp, or null for anything else. */
    public static String sniff(byte[] b) {
        if (startsWith(b, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return "png";
        }
        if (startsWith(b, 0, 0xFF, 0xD8, 0xFF)) {
            return "jpeg";
        }
        if (startsWith(b, 0, 'G', 'I', 'F', '8')) {
            return "gif";
        }
        if (startsWith(b, 0, 'R', 'I', 'F', 'F') && startsWith(b, 8, 'W', 'E', 'B', 'P')) {
            return "webp";
        }
        return null;
    }

    /** The avatar made from {@code upload}, as PNG bytes; bad or unsupported pictures are refused. */
    public static byte[] avatar(byte[] upload) {
        String type = sniff(upload);
        if (type == null) {
            throw new InvalidException("invalid_image", "An avatar is a PNG, JPEG, GIF or WebP picture.");
        }
        BufferedImage source = decode(upload, type);
        return encode(squareThumbnail(source));
    }

    private static BufferedImage decode(byte[] upload, String type) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(upload))) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(type);
            if (!readers.hasNext()) {
                throw new InvalidException(
                        "unsupported_image", "This server cannot read " + type + " pictures; use PNG, JPEG or GIF.");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width < 1 || height < 1 || width > MAX_PIXELS_PER_SIDE || height > MAX_PIXELS_PER_SIDE) {
                    throw new InvalidException("invalid_image", "An avatar is at most 8000 pixels on each side.");
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidException invalid) {
                throw invalid;
            }
            throw new InvalidException("invalid_image", "That picture could not be read.");
        }
    }

    private static BufferedImage squareThumbnail(BufferedImage source) {
        int side = Math.min(source.getWidth(), source.getHeight());
        int x = (source.getWidth() - side) / 2;
        int y = (source.getHeight() - side) / 2;
        BufferedImage out = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(source, 0, 0, SIZE, SIZE, x, y, x + side, y + side, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static byte[] encode(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static boolean startsWith(byte[] b, int at, int... magic) {
        if (b.length < at + magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((b[at + i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
