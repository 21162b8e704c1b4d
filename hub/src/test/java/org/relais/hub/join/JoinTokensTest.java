package org.relais.hub.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.relais.hub.storage.Columns;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.MutableClock;
import org.relais.hub.testing.StoreTest;
import org.relais.protocol.JoinRole;

class JoinTokensTest extends StoreTest {
  private static final Duration ROTATION = Duration.ofDays(30);
  private final MutableClock clock = new MutableClock(HubHarness.START);
  private JoinKeys keys;
  private JoinTokens tokens;

  private void setUp(String kind) {
    open(kind);
    keys = new JoinKeys(vertx, db.pool(), clock, ROTATION);
    keys.maintain().await();
    tokens = new JoinTokens(keys);
  }

  private JoinClaims claims(Instant expires) {
    return new JoinClaims(UUID.randomUUID(), JoinRole.PARTICIPANT, UUID.randomUUID(), "Famille Benali",
        HubHarness.START.plus(Duration.ofDays(1)), expires, UUID.randomUUID().toString());
  }

  private static String segment(JsonObject json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }

  private boolean refused(String token) {
    return catchThrowable(() -> tokens.verify(token).await()) instanceof JoinTokens.InvalidJoinToken;
  }

  @ParameterizedTest
  @MethodSource("databases")
  void readsBackWhatItSignedEvenBeforeTheDoorsOpenAndAfterTheyClose(String kind) {
    setUp(kind);
    JoinClaims claims = claims(HubHarness.START.plus(Duration.ofDays(2)));
    String token = tokens.mint(claims).await();

    assertThat(tokens.verify(token).await()).isEqualTo(claims);
    clock.advance(Duration.ofDays(10));
    assertThat(tokens.verify(token).await()).isEqualTo(claims);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void refusesEveryTokenItDidNotSign(String kind) {
    setUp(kind);
    String token = tokens.mint(claims(HubHarness.START.plus(Duration.ofDays(2)))).await();
    String[] parts = token.split("\\.");
    JsonObject header = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
    JsonObject payload = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));

    String tampered = parts[0] + "." + segment(payload.copy().put("role", "INSTRUCTOR")) + "." + parts[2];
    String algNone = segment(header.copy().put("alg", "none")) + "." + parts[1] + ".";
    String noKid = segment(header.copy().putNull("kid")) + "." + parts[1] + "." + parts[2];
    String otherKid = segment(header.copy().put("kid", "k000000000000")) + "." + parts[1] + "." + parts[2];
    JWTAuth stranger = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
        .setAlgorithm("HS256").setId(header.getString("kid")).setBuffer("a secret that is not the ring's key")));
    String wrongKey = stranger.generateToken(payload.copy().put("iss", "relais-hub"),
        new JWTOptions().setAlgorithm("HS256").setNoTimestamp(true));

    assertThat(refused(tampered)).as("tampered payload").isTrue();
    assertThat(refused(algNone)).as("alg none").isTrue();
    assertThat(refused(noKid)).as("no kid").isTrue();
    assertThat(refused(otherKid)).as("unknown kid").isTrue();
    assertThat(refused(wrongKey)).as("signed with another key under our kid").isTrue();
    assertThat(refused(parts[0] + "." + parts[1])).as("no signature").isTrue();
    assertThat(refused("not-a-token")).as("malformed").isTrue();
    assertThat(refused("a".repeat(5000))).as("huge").isTrue();
    assertThat(refused("")).as("empty").isTrue();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void rotatesKeysWithoutBreakingLinksAlreadyHandedOut(String kind) {
    setUp(kind);
    Instant longLived = HubHarness.START.plus(Duration.ofDays(90));
    String old = tokens.mint(claims(longLived)).await();
    String shortLived = tokens.mint(claims(HubHarness.START.plus(Duration.ofDays(2)))).await();
    String firstKid = keys.ring().signing().kid();

    clock.advance(ROTATION.plusDays(1));
    keys.maintain().await();
    String fresh = tokens.mint(claims(HubHarness.START.plus(Duration.ofDays(100)))).await();

    assertThat(keys.ring().signing().kid()).isNotEqualTo(firstKid);
    assertThat(keys.ring().keys()).hasSize(2);
    assertThat(tokens.verify(old).await().expires()).isEqualTo(longLived);
    assertThat(tokens.verify(shortLived).await()).isNotNull();
    assertThat(tokens.verify(fresh).await()).isNotNull();

    // Once the last token it signed has expired, the old key goes.
    clock.set(longLived.plusSeconds(1));
    keys.maintain().await();
    assertThat(keys.ring().keys()).extracting(JoinKeys.Key::kid).doesNotContain(firstKid);
    assertThat(refused(old)).isTrue();
    assertThat(tokens.verify(fresh).await()).isNotNull();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void anotherNodeSeesANewKeyItDidNotMake(String kind) {
    setUp(kind);
    JoinKeys otherNode = new JoinKeys(vertx, db.pool(), clock, ROTATION);
    otherNode.maintain().await();
    assertThat(otherNode.ring().signing().kid()).isEqualTo(keys.ring().signing().kid());

    db.pool().preparedQuery("INSERT INTO join_keys (kid, secret, created_at, last_expiry) VALUES (?, ?, ?, ?)")
        .execute(Tuple.of("knewer0000000", "another-secret-of-enough-length", Columns.instant(clock.instant()
            .plusSeconds(60)), Columns.instant(clock.instant()))).await();
    otherNode.reload().await();
    String signedElsewhere = new JoinTokens(otherNode).mint(claims(HubHarness.START.plus(Duration.ofDays(2)))).await();

    // This node has not heard of the new key: it reads the ring again rather than refuse the link.
    assertThat(tokens.verify(signedElsewhere).await()).isNotNull();
    assertThat(List.of(otherNode.ring().signing().kid())).containsExactly("knewer0000000");
  }
}
