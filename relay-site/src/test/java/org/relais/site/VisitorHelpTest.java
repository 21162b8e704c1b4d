package org.relais.site;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.relais.hub.testing.HubHarness;
import org.relais.protocol.site.SiteEvent;
import org.relais.site.kiosk.RoomState;

/**
 * A visitor's help request over plain HTTP, as a page without JavaScript sends it: made before the class it
 * belongs to the room's next sitting; withdrawn once, it is journaled once; bad ids and a signed-out kiosk
 * get a problem, never a stack trace.
 */
class VisitorHelpTest {

  @Test
  void aRequestMadeBeforeTheClassIsItsOwnAndWithdrawnOnce() throws Exception {
    try (CentreFixture centre = new CentreFixture("h2")) {
      centre.enrol();
      SiteApplication relay = centre.startRelay();
      Vertx vertx = Vertx.vertx();
      WebClient client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false)
          .setDefaultHost("127.0.0.1").setDefaultPort(relay.kioskPort()));
      try {
        CentreFixture.await("the schedule", Duration.ofSeconds(20), () -> relay.room().forHelp().isPresent());
        HttpResponse<Buffer> asked = client.post("/help").sendForm(MultiMap.caseInsensitiveMultiMap()
            .add("seat", "PC 3")).await();
        assertThat(asked.statusCode()).isEqualTo(303);
        String page = asked.getHeader("Location");
        UUID id = UUID.fromString(page.substring("/help/".length()));
        SiteEvent request = relay.journal().events().stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow();
        assertThat(request.sessionId()).as("the room's next sitting, an hour away").isEqualTo(centre.sessionId);

        JsonObject waiting = client.get(page + "/status").send().await().bodyAsJsonObject();
        assertThat(waiting).isEqualTo(new JsonObject().put("waiting", true).put("before", 0).put("seat", "PC 3")
            .put("withdrawn", false));
        assertThat(client.get(page).send().await().bodyAsString()).doesNotContain("http-equiv")
            .contains("Actualiser").contains("Annuler ma demande");

        for (int twice = 0; twice < 2; twice++) {
          HttpResponse<Buffer> withdrawn = client.post(page + "/withdraw").send().await();
          assertThat(withdrawn.statusCode()).isEqualTo(303);
          assertThat(withdrawn.getHeader("Location")).isEqualTo(page);
        }
        assertThat(relay.journal().events()).filteredOn(e -> id.equals(e.ref()))
            .singleElement().satisfies(done -> {
              assertThat(done.kind()).isEqualTo(SiteEvent.Kind.HELP_DONE);
              assertThat(done.label()).isEqualTo(RoomState.WITHDRAWN);
            });
        assertThat(client.get(page + "/status").send().await().bodyAsJsonObject().getBoolean("withdrawn")).isTrue();
        assertThat(client.get(page).send().await().bodyAsString()).contains("Demande annulée");
        CentreFixture.await("the console", Duration.ofSeconds(10),
            () -> centre.live().getJsonObject("totals").getInteger("helpRequests") == 0
                && relay.linkStatus().pending() == 0);

        HttpResponse<Buffer> unknown = client.get("/help/nope/status").send().await();
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.getHeader("Content-Type")).isEqualTo("application/problem+json");
        assertThat(client.post("/help/nope/withdraw").send().await().statusCode()).isEqualTo(404);
        HttpResponse<Buffer> tooLong = client.post("/help").sendForm(MultiMap.caseInsensitiveMultiMap()
            .add("seat", "x".repeat(41))).await();
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.bodyAsString()).contains("Le nom du poste est trop long");

        HttpResponse<Buffer> signedOut = client.post("/kiosk/api/family-calls/" + UUID.randomUUID() + "/take")
            .send().await();
        assertThat(signedOut.statusCode()).isEqualTo(401);
        WebClientSession kiosk = WebClientSession.create(client);
        assertThat(kiosk.post("/kiosk/login").sendForm(MultiMap.caseInsensitiveMultiMap()
            .add("email", centre.animator.email()).add("password", HubHarness.PASSWORD)).await().statusCode())
            .isEqualTo(303);
        HttpResponse<Buffer> badId = kiosk.post("/kiosk/api/family-calls/nope/take").send().await();
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(badId.bodyAsJsonObject().getString("field")).isEqualTo("id");
        HttpResponse<Buffer> noSuchCall = kiosk.post("/kiosk/api/family-calls/" + UUID.randomUUID() + "/take")
            .send().await();
        assertThat(noSuchCall.statusCode()).isEqualTo(409);
        assertThat(noSuchCall.getHeader("Content-Type")).isEqualTo("application/problem+json");
      } finally {
        client.close();
        vertx.close().await();
        relay.stop().await();
      }
    }
  }
}
