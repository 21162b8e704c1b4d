package org.relais.hub.join;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.relais.hub.storage.SqlErrors;
import org.relais.protocol.JoinRole;

/**
 * Join tokens: JWTs signed with the join key ring ({@code kid} in the header), carrying the session,
 * role, subject, display name, validity window and an id. Verification answers the claims or fails
 * without saying why; whether the window is open is the caller's business, with its own clock.
 */
public final class JoinTokens {
  static final String ISSUER = "relais-hub";
  static final String AUDIENCE = "relais-join";
  private static final int MAX_LENGTH = 2048;

  private final JoinKeys keys;

  public JoinTokens(JoinKeys keys) {
    this.keys = keys;
  }

  /** Signs {@code claims} with the current key, which is kept until this token has expired. */
  public Future<String> mint(JoinClaims claims) {
    JoinKeys.Ring ring = keys.ring();
    JsonObject payload = new JsonObject()
        .put("sid", claims.sessionId().toString())
        .put("role", claims.role().name())
        .put("sub", claims.subjectId().toString())
        .put("name", claims.displayName())
        .put("nbf", claims.notBefore().getEpochSecond())
        .put("exp", claims.expires().getEpochSecond())
        .put("jti", claims.tokenId());
    String token = ring.signer().generateToken(payload, new JWTOptions()
        .setAlgorithm(JoinKeys.ALGORITHM)
        .setIssuer(ISSUER)
        .setAudience(List.of(AUDIENCE))
        .setNoTimestamp(true));
    return keys.signedUntil(ring.signing().kid(), claims.expires()).map(token);
  }

  /** The claims of a token this hub signed with a key it still holds; a failed future otherwise. */
  public Future<JoinClaims> verify(String token) {
    String kid = token == null || token.length() > MAX_LENGTH ? null : kid(token);
    if (kid == null) {
      return Future.failedFuture(new InvalidJoinToken());
    }
    // A key another node made moments ago: read the ring again (at most now and then) before refusing.
    Future<Void> known = knows(kid) ? Future.succeededFuture() : keys.reloadNowAndThen();
    return known.compose(ready -> knows(kid) ? keys.ring().verifier().authenticate(new TokenCredentials(token))
            : Future.failedFuture(new InvalidJoinToken()))
        .map(user -> claims(user.attributes().getJsonObject("accessToken")))
        .recover(failure -> SqlErrors.unlessUnavailable(failure, InvalidJoinToken::new));
  }

  private boolean knows(String kid) {
    return keys.ring().keys().stream().anyMatch(key -> key.kid().equals(kid));
  }

  /** The kid of a token that looks like one of ours (an HS256 JWT with a kid), or null. */
  private static String kid(String token) {
    int dot = token.indexOf('.');
    if (dot <= 0) {
      return null;
    }
    try {
      JsonObject header = new JsonObject(new String(Base64.getUrlDecoder().decode(token.substring(0, dot)),
          StandardCharsets.UTF_8));
      return JoinKeys.ALGORITHM.equals(header.getString("alg")) ? header.getString("kid") : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static JoinClaims claims(JsonObject payload) {
    if (!ISSUER.equals(payload.getString("iss"))) {
      throw new IllegalArgumentException("issuer");
    }
    return new JoinClaims(UUID.fromString(payload.getString("sid")), JoinRole.valueOf(payload.getString("role")),
        UUID.fromString(payload.getString("sub")), payload.getString("name"),
        Instant.ofEpochSecond(payload.getLong("nbf")), Instant.ofEpochSecond(payload.getLong("exp")),
        payload.getString("jti"));
  }

  /** Any reason a join token is not accepted; never told apart to a client. */
  public static final class InvalidJoinToken extends RuntimeException {
    InvalidJoinToken() {
      super("invalid join token", null, false, false);
    }
  }
}
