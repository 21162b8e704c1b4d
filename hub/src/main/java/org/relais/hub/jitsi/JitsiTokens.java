package org.relais.hub.jitsi;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.time.Instant;
import java.util.List;

/**
 * Tokens in Jitsi's dialect (lib-jitsi-meet's token rules, JaaS's for RS256): {@code iss} the app id,
 * {@code aud}, {@code sub} the domain or tenant, {@code room}, {@code nbf}/{@code exp}, and a
 * {@code context} whose every value is a string. Moderator rights only where due.
 */
public final class JitsiTokens {
  private final JitsiConfig config;
  private final JWTAuth signer;
  private final String algorithm;

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
        .put("room", room)
        .put("nbf", notBefore.getEpochSecond())
        .put("exp", expires.getEpochSecond())
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
