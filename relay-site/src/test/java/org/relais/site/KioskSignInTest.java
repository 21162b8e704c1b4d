package org.relais.site;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.relais.hub.testing.HubHarness;
import org.relais.protocol.Role;

/**
 * The kiosk's sign-in while the hub is unreachable, when the relay itself checks passwords (PBKDF2): a guesser
 * at one PC of the LAN waits while the animator signs in at another, and a flood is refused at once instead of
 * taking the relay's few worker threads. Each PC is a loopback address of its own.
 */
class KioskSignInTest {
  private static final String ANIMATOR_PC = "127.0.0.1";
  private static final String GUESSER_PC = "127.0.0.2";
  private static final String REFUSED_PC = "127.0.0.3";
  private static final String OFFLINE_PC = "127.0.0.4";

  @Test
  void aGuesserWaitsWhileTheAnimatorSignsInOfflineAndAFloodIsRefusedAtOnce() throws Exception {
    try (CentreFixture centre = new CentreFixture("h2")) {
      centre.enrol();
      SiteApplication relay = centre.startRelay(Map.of("kiosk.maxConcurrentHashes", "1"));
      Vertx vertx = Vertx.vertx();
      try {
        String animator = centre.animator.email();
        assertThat(signIn(vertx, relay, ANIMATOR_PC, animator, HubHarness.PASSWORD).statusCode())
            .as("online, remembered for later").isEqualTo(303);

        // Each refusal is said in the page's language, never in the English of the logs.
        HttpResponse<Buffer> wrong = signIn(vertx, relay, REFUSED_PC, centre.coordinator.email(), "faux");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.bodyAsString()).contains("Connexion refusée : e-mail ou mot de passe incorrect.")
            .doesNotContain("wrong email or password");
        HttpResponse<Buffer> wrongInEnglish = signIn(vertx, relay, REFUSED_PC, "/kiosk/login?lang=en",
            centre.coordinator.email(), "faux");
        assertThat(wrongInEnglish.statusCode()).isEqualTo(401);
        assertThat(wrongInEnglish.bodyAsString()).contains("Sign-in refused: wrong email or password.");
        HttpResponse<Buffer> notHere = signIn(vertx, relay, REFUSED_PC, centre.instructor.email(),
            HubHarness.PASSWORD);
        assertThat(notHere.statusCode()).isEqualTo(401);
        assertThat(notHere.bodyAsString())
            .contains(html("Connexion refusée : ce compte ne fait pas partie de l'équipe de ce centre."))
            .doesNotContain("not staff of this centre");
        centre.harness.stopHub();

        HttpResponse<Buffer> unknownOffline = signIn(vertx, relay, OFFLINE_PC, "/kiosk/login?lang=ar",
            centre.coordinator.email(), HubHarness.PASSWORD);
        assertThat(unknownOffline.statusCode()).isEqualTo(401);
        assertThat(unknownOffline.bodyAsString()).contains(
            "رُفض الدخول: الخادم الرئيسي لا يجيب، ولم يدخل هذا الحساب من هنا في الساعات الأخيرة.");
        HttpResponse<Buffer> unknownOfflineFr = signIn(vertx, relay, OFFLINE_PC, centre.coordinator.email(),
            HubHarness.PASSWORD);
        assertThat(unknownOfflineFr.bodyAsString()).as("another browser, without the language cookie: French")
            .contains(html("Connexion refusée : le hub est injoignable et ce compte ne s'est pas connecté ici ces "
                + "dernières heures."))
            .doesNotContain("has not signed in here lately");

        for (int i = 0; i < 5; i++) {
          assertThat(signIn(vertx, relay, GUESSER_PC, animator, "guess " + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<Buffer> slowed = signIn(vertx, relay, GUESSER_PC, animator, "guess 6");
        assertThat(slowed.statusCode()).isEqualTo(429);
        assertThat(slowed.getHeader("Content-Type")).isEqualTo("application/problem+json");
        assertThat(Integer.parseInt(slowed.getHeader("Retry-After"))).isBetween(1, 15);
        assertThat(signIn(vertx, relay, GUESSER_PC, animator, HubHarness.PASSWORD).statusCode())
            .as("even the right password waits at the guesser's PC").isEqualTo(429);
        HttpResponse<Buffer> animatorIn = signIn(vertx, relay, ANIMATOR_PC, animator, HubHarness.PASSWORD);
        assertThat(animatorIn.statusCode()).as("the animator at their own PC").isEqualTo(303);
        assertThat(animatorIn.getHeader("Location")).isEqualTo("/kiosk");

        // Forty other PCs at once, each with one wrong guess: one hash runs at a time, the rest are refused.
        List<WebClient> pcs = new ArrayList<>();
        List<Future<HttpResponse<Buffer>>> flood = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
          WebClient pc = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false)
              .setLocalAddress("127.0.1." + (i + 10)));
          pcs.add(pc);
          flood.add(pc.post(relay.kioskPort(), "127.0.0.1", "/kiosk/login").sendForm(form(animator, "flood " + i)));
        }
        Future.join(flood).await();
        pcs.forEach(WebClient::close);
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (Future<HttpResponse<Buffer>> answer : flood) {
          statuses.merge(answer.result().statusCode(), 1, Integer::sum);
          if (answer.result().statusCode() == 503) {
            assertThat(answer.result().getHeader("Retry-After")).isEqualTo("1");
          }
        }
        assertThat(statuses.keySet()).as("%s", statuses).containsOnly(401, 503);
        assertThat(statuses.get(503)).as("refused at once, not queued: %s", statuses).isGreaterThan(20);
        assertThat(signIn(vertx, relay, ANIMATOR_PC, animator, HubHarness.PASSWORD).statusCode())
            .as("the animator, the flood over").isEqualTo(303);
      } finally {
        vertx.close().await();
        relay.stop().await();
        centre.startHub();
      }
    }
  }

  /**
   * The hub sees every kiosk sign-in coming from the relay: when it asks for a pause, the kiosk passes the pause
   * on (a page for a browser) and keeps the animator's remembered password, which may well be right; only the hub
   * refusing that very password forgets it.
   */
  @Test
  void aPauseAskedByTheHubIsPassedOnAndForgetsOnlyAPasswordTheHubRefuses() throws Exception {
    try (CentreFixture centre = new CentreFixture("h2")) {
      centre.enrol();
      SiteApplication relay = centre.startRelay();
      Vertx vertx = Vertx.vertx();
      try {
        String animator = centre.animator.email();
        assertThat(signIn(vertx, relay, ANIMATOR_PC, animator, HubHarness.PASSWORD).statusCode()).isEqualTo(303);
        for (int i = 0; i < 5; i++) {
          assertThat(signIn(vertx, relay, "127.0.0." + (10 + i), animator, "guess " + i).statusCode())
              .isEqualTo(401);
        }
        WebClient browser = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false)
            .setLocalAddress("127.0.0.20"));
        HttpResponse<Buffer> paused = browser.post(relay.kioskPort(), "127.0.0.1", "/kiosk/login")
            .putHeader("Accept", "text/html").sendForm(form(animator, "guess 6")).await();
        browser.close();
        assertThat(paused.statusCode()).as("the hub's pause, passed on").isEqualTo(429);
        assertThat(paused.getHeader("Content-Type")).startsWith("text/html");
        assertThat(Integer.parseInt(paused.getHeader("Retry-After"))).isBetween(1, 15);
        assertThat(paused.bodyAsString()).contains("réessayez dans");

        centre.harness.stopHub();
        assertThat(signIn(vertx, relay, ANIMATOR_PC, animator, HubHarness.PASSWORD).statusCode())
            .as("still remembered, offline").isEqualTo(303);

        // The account is deleted: the hub refuses the remembered password itself, and the kiosk forgets it.
        centre.startHub();
        String adminToken = centre.harness.login(centre.harness.staff(Role.ADMIN, Set.of()));
        assertThat(centre.harness.send(HttpMethod.DELETE, "/api/v1/staff/" + centre.animator.id(), adminToken, null)
            .statusCode()).isEqualTo(204);
        assertThat(signIn(vertx, relay, ANIMATOR_PC, animator, HubHarness.PASSWORD).statusCode()).isEqualTo(401);
        centre.harness.stopHub();
        assertThat(signIn(vertx, relay, ANIMATOR_PC, animator, HubHarness.PASSWORD).statusCode())
            .as("forgotten, offline").isEqualTo(401);
      } finally {
        vertx.close().await();
        relay.stop().await();
        centre.startHub();
      }
    }
  }

  private static MultiMap form(String email, String password) {
    return MultiMap.caseInsensitiveMultiMap().add("email", email).add("password", password);
  }

  private static HttpResponse<Buffer> signIn(Vertx vertx, SiteApplication relay, String from, String email,
      String password) {
    return signIn(vertx, relay, from, "/kiosk/login", email, password);
  }

  private static HttpResponse<Buffer> signIn(Vertx vertx, SiteApplication relay, String from, String path,
      String email, String password) {
    WebClient client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false)
        .setLocalAddress(from));
    try {
      return client.post(relay.kioskPort(), "127.0.0.1", path).sendForm(form(email, password)).await();
    } finally {
      client.close();
    }
  }

  /** {@code text} as the pages escape it. */
  private static String html(String text) {
    return text.replace("&", "&amp;").replace("'", "&#39;").replace("\"", "&quot;");
  }
}
