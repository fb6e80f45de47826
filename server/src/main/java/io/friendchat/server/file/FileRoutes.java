package io.friendchat.server.file;

import io.friendchat.server.web.Fields;
import io.friendchat.server.web.SessionCookie;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Files over HTTP, never over the socket: the upload is the raw request body (streamed), the
 * download is the stored bytes. Only an image (detected, decoded) is ever served inline; every
 * download carries {@code nosniff}, so a browser never second-guesses the type.
 */
public final class FileRoutes {
    private final FileService files;
    private final SessionCookie session;

    public FileRoutes(FileService files, SessionCookie session) {
        this.files = files;
        this.session = session;
    }

    public void register(RoutesConfig routes) {
        routes.post("/api/rooms/{id}/files", this::upload);
        routes.get("/api/files/{id}", this::download);
        routes.get("/api/files/{id}/thumbnail", this::thumbnail);
    }

    /** True for the upload endpoint, whose body has its own, larger limit (see the general one). */
    public static boolean isUpload(Context ctx) {
        String path = ctx.path();
        return path.startsWith("/api/rooms/") && path.endsWith("/files");
    }

    private String me(Context ctx) {
        return session.require(ctx).user().id();
    }

    private void upload(Context ctx) throws IOException {
        String userId = me(ctx);
        String name = Fields.queryString(ctx, "name", 1000);
        try (InputStream body = ctx.req().getInputStream()) {
            StoredFile file =
                    files.upload(userId, ctx.pathParam("id"), name, ctx.req().getContentLengthLong(), body);
            ctx.status(HttpStatus.CREATED).json(Map.of("file", FileView.of(file)));
        }
    }

    private void download(Context ctx) {
        FileService.Download d = files.download(me(ctx), ctx.pathParam("id"));
        StoredFile f = d.file();
        boolean inline = f.image() && !"1".equals(ctx.queryParam("download"));
        send(ctx, d, f.mediaType(), f.size(), (inline ? "inline" : "attachment") + "; " + fileName(f.name()));
    }

    private void thumbnail(Context ctx) {
        FileService.Download d = files.thumbnail(me(ctx), ctx.pathParam("id"));
        send(ctx, d, "image/png", -1, "inline; " + fileName("thumbnail.png"));
    }

    private static void send(Context ctx, FileService.Download d, String type, long size, String disposition) {
        ctx.header("Content-Type", type);
        ctx.header("Content-Disposition", disposition);
        ctx.header("X-Content-Type-Options", "nosniff");
        // Private: a shared cache must not hand one member's file to someone else.
        ctx.header("Cache-Control", "private, max-age=86400");
        // A file opened on its own is never a page: no script, no plugin, no framing.
        ctx.header("Content-Security-Policy", "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox");
        if (size >= 0) {
            ctx.header("Content-Length", Long.toString(size));
        }
        try (InputStream in = d.content()) {
            in.transferTo(ctx.res().getOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The filename parameters: an ASCII fallback and the exact name (RFC 6266 / 5987). */
    private static String fileName(String name) {
        String ascii = name.replaceAll("[^\\x20-\\x7e]|[\"\\\\]", "_");
        return "filename=\"" + ascii + "\"; filename*=UTF-8''"
                + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A file as clients see it (docs/api.md). */
    public record FileView(
            String id,
            String roomId,
            String name,
            String type,
            long size,
            boolean image,
            int width,
            int height,
            String url,
            String thumbnailUrl) {
        public static FileView of(StoredFile f) {
            return new FileView(
                    f.id(),
                    f.roomId(),
                    f.name(),
                    f.mediaType(),
                    f.size(),
                    f.image(),
                    f.width(),
                    f.height(),
                    "/api/files/" + f.id(),
                    f.image() ? "/api/files/" + f.id() + "/thumbnail" : null);
        }
    }
}
