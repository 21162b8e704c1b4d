package org.relais.site;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.relais.hub.testing.TestDatabase;
import org.relais.protocol.site.SiteEvent;
import org.relais.site.link.LinkState;

/** A relay-site and a hub, both real: enrolment, schedule, a hub restart, revocation. */
class SiteLinkTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  static java.util.stream.Stream<String> databases() {
    return TestDatabase.kinds();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void theRelayKeepsCountingThroughAHubRestartAndEveryEventArrivesOnce(String database) throws Exception {
    try (CentreFixture centre = new CentreFixture(database)) {
      centre.enrol();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(centre.relayData.resolve("site.json"))))
          .isEqualTo("rw-------");
      SiteApplication relay = centre.startRelay();
      try {
        CentreFixture.await("the schedule", WAIT, () -> relay.room().board().getJsonArray("today").size() == 1);
        JsonObject sitting = relay.room().board().getJsonArray("today").getJsonObject(0);
        assertThat(sitting.getString("title")).isEqualTo("Cuisine du monde");
        assertThat(sitting.getString("screenUrl")).startsWith(centre.hubUrl() + "/j/")
            .contains("screenName=Centre+social+du+Faubourg");
        CentreFixture.await("the site online in the console", WAIT,
            () -> centre.live().getJsonObject("totals").getInteger("online") == 1);

        centre.harness.stopHub();
        CentreFixture.await("the link to notice", WAIT, () -> relay.linkStatus().state() != LinkState.ONLINE);
        List<Future<SiteEvent>> recorded = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
          recorded.add(relay.room().record(relay.room().event(SiteEvent.Kind.HEAD_COUNT, centre.sessionId, 1, null,
              null)));
        }
        Future.all(recorded).await();
        assertThat(relay.journal().pendingCount()).isEqualTo(100);
        JsonObject offline = relay.room().board();
        assertThat(offline.getJsonObject("link").getString("state")).isNotEqualTo("ONLINE");
        assertThat(offline.getJsonArray("today").getJsonObject(0).getInteger("headCount")).isEqualTo(100);

        centre.startHub();
        CentreFixture.await("the journal to drain", WAIT, () -> relay.journal().pendingCount() == 0);
        assertThat(centre.harness.hub.siteEvents().countOf(centre.site.id()).await()).isEqualTo(100);
        CentreFixture.await("the console to count 100", WAIT,
            () -> centre.live().getJsonObject("totals").getInteger("headCount") == 100);
        JsonObject room = centre.live().getJsonArray("rooms").getJsonObject(0);
        assertThat(room.getBoolean("online")).isTrue();
        assertThat(room.getInteger("headCount")).isEqualTo(100);
      } finally {
        relay.stop().await();
      }
      // Restarted, the relay sends nothing again: everything was acknowledged.
      SiteApplication again = centre.startRelay();
      try {
        assertThat(again.journal().pendingCount()).isZero();
        assertThat(again.room().state().headCount(centre.sessionId)).isEqualTo(100);
        CentreFixture.await("the link", WAIT, () -> again.linkStatus().state() == LinkState.ONLINE);
        assertThat(centre.harness.hub.siteEvents().countOf(centre.site.id()).await()).isEqualTo(100);
      } finally {
        again.stop().await();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void enrolmentCodesAreSingleUseAndARevokedRelayIsCutOff(String database) throws Exception {
    try (CentreFixture centre = new CentreFixture(database)) {
      String code = centre.enrolmentCode();
      HttpResponse<Buffer> wrong = centre.harness.send(HttpMethod.POST, "/api/v1/sites/enrol", null,
          new JsonObject().put("code", "AAAAA-BBBBB"));
      assertThat(wrong.statusCode()).isEqualTo(422);
      assertThat(wrong.getHeader("Content-Type")).startsWith("application/problem+json");
      assertThat(wrong.bodyAsJsonObject().getString("field")).isEqualTo("code");
      // Typed in lower case without the dash: still the code.
      HttpResponse<Buffer> enrolled = centre.harness.send(HttpMethod.POST, "/api/v1/sites/enrol", null,
          new JsonObject().put("code", code.replace("-", "").toLowerCase()));
      assertThat(enrolled.statusCode()).as(enrolled.bodyAsString()).isEqualTo(201);
      String credential = enrolled.bodyAsJsonObject().getString("credential");
      assertThat(centre.harness.send(HttpMethod.POST, "/api/v1/sites/enrol", null, new JsonObject().put("code", code))
          .statusCode()).isEqualTo(422);
      assertThat(ticket(centre, credential).statusCode()).isEqualTo(201);
      assertThat(ticket(centre, "rsc_forged").statusCode()).isEqualTo(401);
      assertThat(ticket(centre, null).statusCode()).isEqualTo(401);

      HttpResponse<Buffer> rotated = centre.harness.request(HttpMethod.POST, "/api/v1/site-link/credential", null)
          .bearerTokenAuthentication(credential).send().await();
      assertThat(rotated.statusCode()).isEqualTo(201);
      assertThat(ticket(centre, credential).statusCode()).isEqualTo(401);
      assertThat(ticket(centre, rotated.bodyAsJsonObject().getString("credential")).statusCode()).isEqualTo(201);

      // A relay enrolled and linked, then revoked from the hub: cut at once, and it stops dialling.
      centre.enrol();
      SiteApplication relay = centre.startRelay();
      try {
        CentreFixture.await("the link", WAIT, () -> relay.linkStatus().state() == LinkState.ONLINE);
        String animatorToken = centre.harness.login(centre.animator);
        assertThat(centre.harness.send(HttpMethod.DELETE, "/api/v1/sites/" + centre.site.id() + "/credentials",
            animatorToken, null).statusCode()).isEqualTo(403);
        assertThat(centre.harness.send(HttpMethod.DELETE, "/api/v1/sites/" + centre.site.id() + "/credentials",
            centre.coordinatorToken, null).statusCode()).isEqualTo(204);
        CentreFixture.await("the revocation", WAIT, () -> relay.linkStatus().state() == LinkState.REVOKED);
        CentreFixture.await("the console to show it offline", WAIT,
            () -> centre.live().getJsonObject("totals").getInteger("online") == 0);
      } finally {
        relay.stop().await();
      }
    }
  }

  private static HttpResponse<Buffer> ticket(CentreFixture centre, String credential) {
    var request = centre.harness.request(HttpMethod.POST, "/api/v1/site-link/ticket", null);
    if (credential != null) {
      request.bearerTokenAuthentication(credential);
    }
    return request.send().await();
  }
}
