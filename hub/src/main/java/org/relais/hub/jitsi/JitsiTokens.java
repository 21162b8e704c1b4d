package org.relais.hub.jitsi;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Tokens in Jitsi's dialect (lib-jitsi-meet's token rules, JaaS's for RS256): {@code iss} the app id,
 * {@code aud}, {@code sub} the domain or tenant, {@code room}, {@code nbf}/{@code exp}, and a
 * {@code context} whose every value is a string. Moderator rights only where due.
 *
 * <p>A token carries no issue time and no id, so the same person, room and window always give the
 * same token, byte for byte. A family's join page asks for it again on every load and retry, and at a
 * class start thousands of families at once: each token is signed once and then remembered for a
 * while. Whether a link may have one at all is decided by the caller before each request, as before.
 */
public final class JitsiTokens {
  private static final int REMEMBERED = 20_000;
  private static final Duration REMEMBERED_FOR = Duration.ofMinutes(10);

  /** Everything a token says; the same grant gives the same token. */
  private record Grant(JitsiUser user, String room, Instant notBefore, Instant expires) {}

  private final JitsiConfig config;
  private final JWTAuth signer;
  private final String algorithm;
  private final Cache<Grant, String> minted = Caffeine.newBuilder()
      .expireAfterWrite(REMEMBERED_FOR)
      .maximumSize(REMEMBERED)
      .build();

  public JitsiTokens(Vertx vertx, JitsiConfig config) {
    this.config = config;
    this.algorithm = config.usesRs256() ? "RS256" : "HS256";
    PubSecKeyOptions key = new PubSecKeyOptions().setAlgorithm(algorithm);
    if (config.usesRs256()) {
      key.setBuffer(config.privateKeyPem().orElseThrow()).setId(config.kid().orElseThrow());
    } else {
      key.setBuffer(config.appSecret().orElseThrow());
    }
    this.signer = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(key));
  }

  public String mint(JitsiUser user, String room, Instant notBefore, Instant expires) {
    return minted.get(new Grant(user, room, notBefore, expires), this::sign);
  }

  private String sign(Grant grant) {
    JitsiUser user = grant.user();
    JsonObject person = new JsonObject()
        .put("id", user.id())
        .put("name", user.name())
        .put("avatar", "")
        .put("moderator", String.valueOf(user.moderator()))
        .put("affiliation", user.moderator() ? "owner" : "member");
    if (user.email() != null) {
      person.put("email", user.email());
    }
    JsonObject claims = new JsonObject()
        .put("iss", config.appId())
        .put("aud", config.audience())
        .put("sub", config.subject())
        .put("room", grant.room())
        .put("nbf", grant.notBefore().getEpochSecond())
        .put("exp", grant.expires().getEpochSecond())
        .put("context", new JsonObject()
            .put("user", person)
            .put("features", new JsonObject()
                .put("livestreaming", "false")
                .put("recording", "false")
                .put("transcription", "false")
                .put("outbound-call", "false")
                .put("screen-sharing", String.valueOf(user.moderator()))));
    return signer.generateToken(claims, new JWTOptions().setAlgorithm(algorithm).setNoTimestamp(true)
        .setAudience(List.of()));
  }

  public JitsiConfig config() {
    return config;
  }
}
