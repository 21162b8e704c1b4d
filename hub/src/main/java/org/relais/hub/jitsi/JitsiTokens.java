package org.relais.hub.jitsi;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.relais.hub.join.JitsiRooms;
import org.relais.hub.join.Video;
import org.relais.hub.storage.AsyncCaches;

/**
 * Tokens in Jitsi's dialect. Self-hosted (HS256, lib-jitsi-meet's token rules): {@code iss} the app id,
 * {@code aud}, {@code sub} the domain or tenant, and a {@code context.user} with an avatar and an
 * affiliation. 8x8 JaaS (RS256, 8x8's rules): {@code iss} "chat", {@code aud} "jitsi", {@code sub} the
 * app id, the API key's {@code kid} in the header. Both carry {@code room}, {@code nbf}/{@code exp},
 * and a {@code context} whose every value is a string. Moderator rights only where due.
 *
 * <p>A token carries no issue time and no id, so the same person, room and window always give the
 * same token, byte for byte. A family's join page asks for it again on every load and retry, and at a
 * class start thousands of families at once: each token is signed once and then remembered for a
 * while, and those asking for it meanwhile wait for that one signature. RS256 signatures cost a
 * millisecond or more each: they are made on a worker thread of their own, never on an event loop.
 * Whether a link may have one at all is decided by the caller before each request, as before.
 */
public final class JitsiTokens implements JitsiRooms {
  private static final int REMEMBERED = 20_000;
  private static final Duration REMEMBERED_FOR = Duration.ofMinutes(10);
  /** JaaS's fixed issuer and audience. */
  static final String JAAS_ISSUER = "chat";
  static final String JAAS_AUDIENCE = "jitsi";

  /** Everything a token says; the same grant gives the same token. */
  private record Grant(Guest guest, String room, Instant notBefore, Instant expires) {}

  private final JitsiConfig config;
  private final JWTAuth signer;
  private final String algorithm;
  /** The key's signer signs one token at a time anyway: one thread is all RS256 signing gets. */
  private final WorkerExecutor rs256Signing;
  private final AsyncCache<Grant, String> minted = Caffeine.newBuilder()
      .expireAfterWrite(REMEMBERED_FOR)
      .maximumSize(REMEMBERED)
      .buildAsync();

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
    this.rs256Signing = config.usesRs256() ? vertx.createSharedWorkerExecutor("relais-jitsi-signing", 1) : null;
  }

  @Override
  public Future<Video.Jitsi> enter(Guest guest, String room, Instant notBefore, Instant expires) {
    return mint(guest, room, notBefore, expires)
        .map(jwt -> new Video.Jitsi(config.domain(), config.qualifiedRoom(room), jwt));
  }

  /** The token of {@code guest} for {@code room}: remembered, or signed now (RS256: off the event loop). */
  public Future<String> mint(Guest guest, String room, Instant notBefore, Instant expires) {
    Grant grant = new Grant(guest, room, notBefore, expires);
    return AsyncCaches.get(minted, grant, () -> rs256Signing == null ? Future.succeededFuture(sign(grant))
        : rs256Signing.executeBlocking(() -> sign(grant), false));
  }

  private String sign(Grant grant) {
    JsonObject claims = new JsonObject()
        .put("iss", config.usesRs256() ? JAAS_ISSUER : config.appId())
        .put("aud", config.usesRs256() ? JAAS_AUDIENCE : config.audience())
        .put("sub", config.subject())
        .put("room", grant.room())
        .put("nbf", grant.notBefore().getEpochSecond())
        .put("exp", grant.expires().getEpochSecond())
        .put("context", new JsonObject()
            .put("user", user(grant.guest()))
            .put("features", features(grant.guest())));
    return signer.generateToken(claims, new JWTOptions().setAlgorithm(algorithm).setNoTimestamp(true)
        .setAudience(List.of()));
  }

  /** JaaS documents id, name, avatar (a picture's address), email and moderator; Prosody wants no null. */
  private JsonObject user(Guest guest) {
    JsonObject user = new JsonObject()
        .put("id", guest.id())
        .put("name", guest.name())
        .put("moderator", String.valueOf(guest.moderator()));
    if (!config.usesRs256()) {
      user.put("avatar", "").put("affiliation", guest.moderator() ? "owner" : "member");
    }
    if (guest.email() != null) {
      user.put("email", guest.email());
    }
    return user;
  }

  /** Nobody records, streams or dials out; self-hosted rooms also let moderators alone share a screen. */
  private JsonObject features(Guest guest) {
    JsonObject features = new JsonObject()
        .put("livestreaming", "false")
        .put("recording", "false")
        .put("transcription", "false")
        .put("outbound-call", "false");
    if (!config.usesRs256()) {
      features.put("screen-sharing", String.valueOf(guest.moderator()));
    }
    return features;
  }
}
