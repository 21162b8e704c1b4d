package org.relais.hub.jitsi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.relais.hub.config.ConfigException;
import org.relais.hub.config.ConfigLoader;
import org.relais.hub.join.JitsiRooms.Guest;
import org.relais.hub.join.Video;

/** Every token is decoded and verified with an independent library (Nimbus), not the one that signed it. */
class JitsiTokensTest {
  private static final String SECRET = "prosody-app-secret-0123456789abcdef";
  private static final Instant OPENS = Instant.parse("2026-11-24T12:45:00Z");
  private static final Instant CLOSES = Instant.parse("2026-11-24T15:30:00Z");
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private static String mint(JitsiTokens tokens, Guest guest, String room, Instant notBefore, Instant expires) {
    return tokens.mint(guest, room, notBefore, expires).await();
  }

  private static JitsiConfig selfHosted() {
    return new JitsiConfig("meet.relais.example", "relais", Optional.of(SECRET), Optional.empty(), Optional.empty(),
        "jitsi", Optional.empty(), Optional.empty());
  }

  @Test
  void mintsSelfHostedHs256TokensByJitsisRules() throws Exception {
    JitsiTokens tokens = new JitsiTokens(vertx, selfHosted());

    SignedJWT jwt = SignedJWT.parse(mint(tokens, new Guest("5d1f6a1e-0000-4000-8000-000000000001",
        "Famille Benali", "benali@example.org", false), "couscous-3f9a0c1e5b7d2a64", OPENS, CLOSES));

    assertThat(jwt.verify(new MACVerifier(SECRET))).isTrue();
    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
    assertThat(jwt.getHeader().getType().getType()).isEqualTo("JWT");
    var claims = jwt.getJWTClaimsSet();
    assertThat(claims.getIssuer()).isEqualTo("relais");
    assertThat(claims.getAudience()).containsExactly("jitsi");
    assertThat(claims.getSubject()).isEqualTo("meet.relais.example");
    assertThat(claims.getStringClaim("room")).isEqualTo("couscous-3f9a0c1e5b7d2a64").isLowerCase();
    assertThat(claims.getNotBeforeTime().toInstant()).isEqualTo(OPENS);
    assertThat(claims.getExpirationTime().toInstant()).isEqualTo(CLOSES);
    Map<String, Object> context = claims.getJSONObjectClaim("context");
    @SuppressWarnings("unchecked")
    Map<String, Object> user = (Map<String, Object>) context.get("user");
    assertThat(user).containsEntry("id", "5d1f6a1e-0000-4000-8000-000000000001")
        .containsEntry("name", "Famille Benali")
        .containsEntry("email", "benali@example.org")
        .containsEntry("avatar", "")
        .containsEntry("moderator", "false")
        .containsEntry("affiliation", "member");
    assertThat(user.values()).allSatisfy(value -> assertThat(value).isInstanceOf(String.class));
    @SuppressWarnings("unchecked")
    Map<String, Object> features = (Map<String, Object>) context.get("features");
    assertThat(features.values()).allSatisfy(value -> assertThat(value).isIn("true", "false"));
  }

  @Test
  void givesModeratorRightsOnlyWhereDueAndNoEmailWhenThereIsNone() throws Exception {
    JitsiTokens tokens = new JitsiTokens(vertx, selfHosted());

    SignedJWT jwt = SignedJWT.parse(mint(tokens, new Guest("a", "Karim Haddad", null, true), "room", OPENS,
        CLOSES));

    @SuppressWarnings("unchecked")
    Map<String, Object> user = (Map<String, Object>) jwt.getJWTClaimsSet().getJSONObjectClaim("context").get("user");
    assertThat(user).containsEntry("moderator", "true").containsEntry("affiliation", "owner").doesNotContainKey("email");
  }

  @Test
  void aRememberedTokenIsTheOneSigningWouldGiveAndAnyChangeGivesAnother() {
    JitsiTokens tokens = new JitsiTokens(vertx, selfHosted());
    Guest family = new Guest("c", "Famille Diallo", "diallo@example.org", false);
    String first = mint(tokens, family, "room", OPENS, CLOSES);

    assertThat(mint(tokens, new Guest("c", "Famille Diallo", "diallo@example.org", false), "room", OPENS, CLOSES))
        .isEqualTo(first)
        .isEqualTo(mint(new JitsiTokens(vertx, selfHosted()), family, "room", OPENS, CLOSES));
    assertThat(List.of(
            mint(tokens, new Guest("c", "Famille Diallo", null, false), "room", OPENS, CLOSES),
            mint(tokens, new Guest("c", "Famille Diallo", "diallo@example.org", true), "room", OPENS, CLOSES),
            mint(tokens, new Guest("c", "Famille Diall0", "diallo@example.org", false), "room", OPENS, CLOSES),
            mint(tokens, new Guest("d", "Famille Diallo", "diallo@example.org", false), "room", OPENS, CLOSES),
            mint(tokens, family, "other-room", OPENS, CLOSES),
            mint(tokens, family, "room", OPENS.plusSeconds(604_800), CLOSES.plusSeconds(604_800))))
        .doesNotContain(first).doesNotHaveDuplicates();
  }

  private static final String APP_ID = "vpaas-magic-cookie-0123456789abcdef";
  private static final String KID = APP_ID + "/a1b2c3";
  /** The context.features keys 8x8 documents for JaaS tokens. */
  private static final Set<String> JAAS_FEATURES = Set.of("livestreaming", "recording", "transcription",
      "sip-inbound-call", "sip-outbound-call", "inbound-call", "outbound-call", "file-upload", "list-visitors");

  private static KeyPair rsaKeys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  private static JitsiConfig jaas(KeyPair keys, String audience, Optional<String> tenant) {
    String pem = "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    return new JitsiConfig("8x8.vc", APP_ID, Optional.empty(), Optional.of(KID), Optional.of(pem), audience, tenant,
        Optional.empty());
  }

  @Test
  @SuppressWarnings("unchecked")
  void mintsJaasRs256TokensByEightByEightsRules() throws Exception {
    KeyPair keys = rsaKeys();
    JitsiTokens tokens = new JitsiTokens(vertx, jaas(keys, "jitsi", Optional.empty()));

    Video.Jitsi screen = tokens.enter(new Guest("b", "Salle polyvalente", null, false), "gym-douce-00", OPENS, CLOSES)
        .await();
    SignedJWT jwt = SignedJWT.parse(screen.jwt());

    assertThat(screen.domain()).isEqualTo("8x8.vc");
    assertThat(screen.room()).isEqualTo(APP_ID + "/gym-douce-00");
    assertThat(jwt.verify(new RSASSAVerifier((RSAPublicKey) keys.getPublic()))).isTrue();
    assertThat(jwt.verify(new RSASSAVerifier((RSAPublicKey) rsaKeys().getPublic()))).isFalse();
    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
    assertThat(jwt.getHeader().getKeyID()).isEqualTo(KID);
    assertThat(jwt.getHeader().getType().getType()).isEqualTo("JWT");
    var claims = jwt.getJWTClaimsSet();
    assertThat(claims.getIssuer()).isEqualTo("chat");
    assertThat(claims.getAudience()).containsExactly("jitsi");
    assertThat(claims.getSubject()).isEqualTo(APP_ID);
    assertThat(claims.getStringClaim("room")).isEqualTo("gym-douce-00");
    assertThat(claims.getNotBeforeTime().toInstant()).isEqualTo(OPENS);
    assertThat(claims.getExpirationTime().toInstant()).isEqualTo(CLOSES);
    assertThat(claims.getIssueTime()).isNull();
    Map<String, Object> context = claims.getJSONObjectClaim("context");
    assertThat(context).containsOnlyKeys("user", "features");
    assertThat((Map<String, Object>) context.get("user")).containsExactlyInAnyOrderEntriesOf(
        Map.of("id", "b", "name", "Salle polyvalente", "moderator", "false"));
    Map<String, Object> features = (Map<String, Object>) context.get("features");
    assertThat(JAAS_FEATURES).containsAll(features.keySet());
    assertThat(features.values()).isNotEmpty().allSatisfy(value -> assertThat(value).isEqualTo("false"));

    SignedJWT animator = SignedJWT.parse(tokens.mint(new Guest("c", "Salle polyvalente (animation)",
        "animation@example.org", true), "gym-douce-00", OPENS, CLOSES).await());
    assertThat(animator.verify(new RSASSAVerifier((RSAPublicKey) keys.getPublic()))).isTrue();
    assertThat((Map<String, Object>) animator.getJWTClaimsSet().getJSONObjectClaim("context").get("user"))
        .containsExactlyInAnyOrderEntriesOf(Map.of("id", "c", "name", "Salle polyvalente (animation)",
            "email", "animation@example.org", "moderator", "true"));
  }

  @Test
  void signsJaasTokensOffTheEventLoopOnceEachHoweverManyAskAtOnce() throws Exception {
    KeyPair keys = rsaKeys();
    JitsiTokens tokens = new JitsiTokens(vertx, jaas(keys, "jitsi", Optional.of(APP_ID)));
    Context eventLoop = vertx.getOrCreateContext();
    Promise<Boolean> answeredOnTheCaller = Promise.promise();
    eventLoop.runOnContext(go -> tokens.mint(new Guest("a", "Famille Amrani", null, false), "room", OPENS, CLOSES)
        .onComplete(done -> answeredOnTheCaller.complete(Vertx.currentContext() == eventLoop)));
    // Whether the signature was ready before the caller looked depends on the threads' timing: what holds is
    // that the answer comes back on the caller's event loop.
    assertThat(answeredOnTheCaller.future().await()).isTrue();

    List<Future<String>> asked = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      Guest guest = new Guest("family-" + i % 20, "Famille " + i % 20, null, false);
      Promise<String> answer = Promise.promise();
      vertx.getOrCreateContext().runOnContext(go -> tokens.mint(guest, "room", OPENS, CLOSES).onComplete(answer));
      asked.add(answer.future());
    }
    Set<String> distinct = new HashSet<>(Future.all(asked).await().list());

    assertThat(distinct).hasSize(20);
    for (String token : distinct) {
      assertThat(SignedJWT.parse(token).verify(new RSASSAVerifier((RSAPublicKey) keys.getPublic()))).isTrue();
    }
  }

  @Test
  void refusesAJaasConfigurationThatBreaksEightByEightsRules() throws Exception {
    KeyPair keys = rsaKeys();

    assertThatThrownBy(() -> jaas(keys, "relais", Optional.empty())).isInstanceOf(ConfigException.class)
        .hasMessageContaining("jitsi.audience");
    assertThatThrownBy(() -> jaas(keys, "jitsi", Optional.of("vpaas-magic-cookie-someone-else")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("jitsi.tenant");
    assertThat(jaas(keys, "jitsi", Optional.empty()).subject()).isEqualTo(APP_ID);
  }

  @Test
  void refusesHalfAConfiguration() {
    Map<String, String> both = Map.of("RELAIS_JITSI_DOMAIN", "meet.example.org", "RELAIS_JITSI_APP_ID", "relais",
        "RELAIS_JITSI_APP_SECRET", SECRET, "RELAIS_JITSI_KID", "kid");
    Map<String, String> noSecret = Map.of("RELAIS_JITSI_DOMAIN", "meet.example.org", "RELAIS_JITSI_APP_ID", "relais");
    Map<String, String> noAppId = Map.of("RELAIS_JITSI_DOMAIN", "meet.example.org", "RELAIS_JITSI_APP_SECRET", SECRET);

    assertThat(JitsiConfig.from(ConfigLoader.resolve(Map.of(), Map.of()))).isEmpty();
    assertThatThrownBy(() -> JitsiConfig.from(ConfigLoader.resolve(Map.of(), both))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("jitsi.");
    assertThatThrownBy(() -> JitsiConfig.from(ConfigLoader.resolve(Map.of(), noSecret)))
        .isInstanceOf(ConfigException.class).hasMessageContaining("jitsi.appSecret");
    assertThatThrownBy(() -> JitsiConfig.from(ConfigLoader.resolve(Map.of(), noAppId)))
        .isInstanceOf(ConfigException.class).hasMessageContaining("jitsi.appId");
  }
}
