package io.friendchat.server.web;

import java.time.Duration;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * Adds the security headers to every response, before any handler runs: pages, static files,
 * API answers, errors and Socket.IO alike. {@code Strict-Transport-Security} goes only on secure
 * requests (TLS here, or {@code https} from a trusted proxy), as browsers ignore it on plain HTTP.
 *
 * <p>The CSP allows only this origin: no inline script or style, no plugins, no framing.
 * {@code connect-src 'self'} also covers same-origin {@code ws:}/{@code wss:} in current browsers.
 */
public final class SecurityHeaders implements HttpConfiguration.Customizer {
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";
    public static final String PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

    private static final PreEncodedHttpField[] ALWAYS = {
        new PreEncodedHttpField("Content-Security-Policy", CONTENT_SECURITY_POLICY),
        new PreEncodedHttpField("X-Content-Type-Options", "nosniff"),
        new PreEncodedHttpField("Referrer-Policy", "strict-origin-when-cross-origin"),
        new PreEncodedHttpField("Permissions-Policy", PERMISSIONS_POLICY),
    };

    private final PreEncodedHttpField hsts;

    public SecurityHeaders(Duration hstsMaxAge) {
        this.hsts = new PreEncodedHttpField("Strict-Transport-Security", "max-age=" + hstsMaxAge.toSeconds());
    }

    @Override
    public Request customize(Request request, HttpFields.Mutable responseHeaders) {
        for (PreEncodedHttpField field : ALWAYS) {
            responseHeaders.put(field);
        }
        if (request.isSecure()) {
            responseHeaders.put(hsts);
        }
        return request;
    }
}
