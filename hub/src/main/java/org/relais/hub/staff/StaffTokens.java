package org.relais.hub.staff;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Signed bearer tokens for staff (HS256). Times are checked against the injected clock, not the
 * library's, so expiry is testable; the caller's role is read from the database, not the token.
 */
public final class StaffTokens {
  static final String ISSUER = "relais-hub";
  static final String AUDIENCE = "relais-staff";

  public record Issued(String token, Instant expiresAt) {}

  private final JWTAuth jwt;
  private final Duration ttl;
  private final Clock clock;

  public StaffTokens(Vertx vertx, String secret, Duration ttl, Clock clock) {
    this.ttl = ttl;
    this.clock = clock;
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret))
        .setJWTOptions(new JWTOptions()
            .setIssuer(ISSUER)
            .setAudience(List.of(AUDIENCE))
            .setIgnoreExpiration(true)));
  }

  public Issued issue(StaffMember member) {
    Instant now = clock.instant();
    Instant expiresAt = now.plus(ttl);
    JsonObject claims = new JsonObject()
        .put("sub", member.id().toString())
        .put("iat", now.getEpochSecond())
        .put("exp", expiresAt.getEpochSecond())
        .put("jti", UUID.randomUUID().toString());
    String token = jwt.generateToken(claims, new JWTOptions()
        .setAlgorithm("HS256")
        .setIssuer(ISSUER)
        .setAudience(List.of(AUDIENCE))
        .setNoTimestamp(true));
    return new Issued(token, Instant.ofEpochSecond(expiresAt.getEpochSecond()));
  }

  /** The staff id a valid, unexpired token names; fails for anything else, without saying why. */
  public Future<UUID> verify(String token) {
    return jwt.authenticate(new TokenCredentials(token)).map(user -> {
      JsonObject claims = user.attributes().getJsonObject("accessToken");
      long exp = claims.getLong("exp", 0L);
      if (clock.instant().getEpochSecond() >= exp) {
        throw new IllegalStateException("expired");
      }
      return UUID.fromString(claims.getString("sub"));
    });
  }
}
