package io.logspout.core.http;

import io.logspout.api.Config;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The secret an HTTP module's requests must carry as {@code Authorization: Bearer <token>} when a
 * setting gives one ({@code ROUTES_TOKEN}, {@code METRICS_TOKEN}); without the setting the module
 * is open, as logspout's endpoints were.
 */
public final class BearerToken {
    private static final String BEARER = "Bearer ";

    private final String setting;
    private final String realm;
    private final byte[] token;

    private BearerToken(String setting, String realm, byte[] token) {
        this.setting = setting;
        this.realm = realm;
        this.token = token;
    }

    /** The token of {@code setting}, or empty when it is not set; {@code realm} names what it guards in the 401. */
    public static Optional<BearerToken> from(Config config, String setting, String realm) {
        return config.get(setting).map(value -> new BearerToken(setting, realm, value.getBytes(StandardCharsets.UTF_8)));
    }

    /** Whether {@code request} carries the token. */
    public boolean admits(HttpRequest request) {
        String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        byte[] presented = header.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(presented, token); // constant time: the token is a secret
    }

    /** Answers {@code 401} with {@code WWW-Authenticate: Bearer} and what to send. */
    public ChannelFuture refuse(ChannelHandlerContext context, HttpRequest request) {
        FullHttpResponse response = HttpResponses.response(request, HttpResponseStatus.UNAUTHORIZED, HttpResponses.TEXT,
                "401 unauthorized: send the header 'Authorization: Bearer <token>' with the token of " + setting + "\n");
        response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"" + realm + "\"");
        return context.writeAndFlush(response);
    }
}
