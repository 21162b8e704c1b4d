package org.relais.hub.jitsi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.Vertx;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.relais.hub.config.ConfigException;
import org.relais.hub.config.ConfigLoader;

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

  private static JitsiConfig selfHosted() {
    return new JitsiConfig("meet.relais.example", "relais", Optional.of(SECRET), Optional.empty(), Optional.empty(),
        "jitsi", Optional.empty(), Optional.empty());
  }

  @Test
  void mintsSelfHostedHs256TokensByJitsisRules() throws Exception {
    JitsiTokens tokens = new JitsiTokens(vertx, selfHosted());

    SignedJWT jwt = SignedJWT.parse(tokens.mint(new JitsiUser("5d1f6a1e-0000-4000-8000-000000000001",
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

    SignedJWT jwt = SignedJWT.parse(tokens.mint(new JitsiUser("a", "Karim Haddad", null, true), "room", OPENS,
        CLOSES));

    @SuppressWarnings("unchecked")
    Map<String, Object> user = (Map<String, Object>) jwt.getJWTClaimsSet().getJSONObjectClaim("context").get("user");
    assertThat(user).containsEntry("moderator", "true").containsEntry("affiliation", "owner").doesNotContainKey("email");
  }

  @Test
  void aRememberedTokenIsTheOneSigningWouldGiveAndAnyChangeGivesAnother() {
    JitsiTokens tokens = new JitsiTokens(vertx, selfHosted());
    JitsiUser family = new JitsiUser("c", "Famille Diallo", "diallo@example.org", false);
    String first = tokens.mint(family, "room", OPENS, CLOSES);

    assertThat(tokens.mint(new JitsiUser("c", "Famille Diallo", "diallo@example.org", false), "room", OPENS, CLOSES))
        .isEqualTo(first)
        .isEqualTo(new JitsiTokens(vertx, selfHosted()).mint(family, "room", OPENS, CLOSES));
    assertThat(List.of(
            tokens.mint(new JitsiUser("c", "Famille Diallo", null, false), "room", OPENS, CLOSES),
            tokens.mint(new JitsiUser("c", "Famille Diallo", "diallo@example.org", true), "room", OPENS, CLOSES),
            tokens.mint(new JitsiUser("c", "Famille Diall0", "diallo@example.org", false), "room", OPENS, CLOSES),
            tokens.mint(new JitsiUser("d", "Famille Diallo", "diallo@example.org", false), "room", OPENS, CLOSES),
            tokens.mint(family, "other-room", OPENS, CLOSES),
            tokens.mint(family, "room", OPENS.plusSeconds(604_800), CLOSES.plusSeconds(604_800))))
        .doesNotContain(first).doesNotHaveDuplicates();
  }

  @Test
  void mintsJaasRs256TokensWithTheKidAndTheTenant() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair keys = generator.generateKeyPair();
    String pem = "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    String appId = "vpaas-magic-cookie-0123456789abcdef";
    JitsiConfig jaas = new JitsiConfig("8x8.vc", appId, Optional.empty(), Optional.of(appId + "/a1b2c3"),
        Optional.of(pem), "jitsi", Optional.of(appId), Optional.empty());
    JitsiTokens tokens = new JitsiTokens(vertx, jaas);

    SignedJWT jwt = SignedJWT.parse(tokens.mint(new JitsiUser("b", "Salle polyvalente", null, false), "gym-douce-00",
        OPENS, CLOSES));

    assertThat(jwt.verify(new RSASSAVerifier((RSAPublicKey) keys.getPublic()))).isTrue();
    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
    assertThat(jwt.getHeader().getKeyID()).isEqualTo(appId + "/a1b2c3");
    assertThat(jwt.getHeader().getType().getType()).isEqualTo("JWT");
    assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo(appId);
    assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(appId);
    assertThat(jaas.qualifiedRoom("gym-douce-00")).isEqualTo(appId + "/gym-douce-00");
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
