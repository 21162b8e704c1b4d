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
    if (token == null || token.length() > MAX_LENGTH || !hasKnownKid(token)) {
      return Future.failedFuture(new InvalidJoinToken());
    }
    return keys.ring().verifier().authenticate(new TokenCredentials(token))
        .map(user -> claims(user.attributes().getJsonObject("accessToken")))
        .recover(failure -> Future.failedFuture(new InvalidJoinToken()));
  }

  /** Refuses tokens without a kid, or with one this node has never seen (after one re-read of the ring). */
  private boolean hasKnownKid(String token) {
    int dot = token.indexOf('.');
    if (dot <= 0) {
      return false;
    }
    try {
      JsonObject header = new JsonObject(new String(Base64.getUrlDecoder().decode(token.substring(0, dot)),
          StandardCharsets.UTF_8));
      String kid = header.getString("kid");
      return kid != null && JoinKeys.ALGORITHM.equals(header.getString("alg"))
          && keys.ring().keys().stream().anyMatch(key -> key.kid().equals(kid));
    } catch (RuntimeException e) {
      return false;
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
