package org.relais.hub.staffapp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.relais.hub.centres.Centre;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.StaffWeb;
import org.relais.hub.testing.TestDatabase;
import org.relais.protocol.Role;

/** The browser's staff session: sign-in, CSRF on every write, expiry, sign-out, and the API's use of it. */
class StaffSessionTest {
  static java.util.stream.Stream<String> databases() {
    return TestDatabase.kinds();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aPageWithoutSessionSendsToTheSignInPageAndBackAfterwards(String database) {
    try (HubHarness harness = HubHarness.start(database)) {
      StaffMember coordinator = harness.staff(Role.COORDINATOR, Set.of(harness.centre("Les Tisserands").id()));

      HttpResponse<Buffer> page = harness.get("/staff/centres?x=1");
      assertThat(page.statusCode()).isEqualTo(303);
      assertThat(page.getHeader("Location")).isEqualTo("/staff/login?next=%2Fstaff%2Fcentres%3Fx%3D1");

      StaffWeb.Session session = new StaffWeb(harness).signIn(coordinator);
      assertThat(session.cookies()).contains("relais_staff=").contains("relais_csrf=");
      HttpResponse<Buffer> home = new StaffWeb(harness).get(session, "/staff/login?next=/staff/centres");
      assertThat(home.statusCode()).isEqualTo(303);
      assertThat(home.getHeader("Location")).isEqualTo("/staff/centres");
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void theSessionCookieIsHttpOnlyLaxAndSecureBehindHttps(String database) {
    try (HubHarness harness = HubHarness.start(database, Map.of("http.publicUrl", "https://relais.example.org"))) {
      StaffMember admin = harness.staff(Role.ADMIN, Set.of());
      HttpResponse<Buffer> form = harness.get("/staff/login");
      String token = form.bodyAsString().replaceAll("(?s).*name=\"formToken\" value=\"([^\"]+)\".*", "$1");
      HttpResponse<Buffer> signedIn = harness.http.post("/staff/login")
          .putHeader("Cookie", form.cookies().get(0).split(";")[0])
          .sendForm(MultiMap.caseInsensitiveMultiMap().add("formToken", token).add("email", admin.email())
              .add("password", HubHarness.PASSWORD)).await();

      assertThat(signedIn.statusCode()).isEqualTo(303);
      String sessionCookie = signedIn.cookies().stream().filter(c -> c.startsWith("relais_staff=")).findFirst()
          .orElseThrow();
      assertThat(sessionCookie).containsIgnoringCase("HttpOnly").contains("SameSite=Lax").contains("Secure").contains("Path=/");
      String csrfCookie = signedIn.cookies().stream().filter(c -> c.startsWith("relais_csrf=")).findFirst()
          .orElseThrow();
      assertThat(csrfCookie).doesNotContainIgnoringCase("HttpOnly").contains("Secure");
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aWrongPasswordIsSaidNextToTheFieldAndOpensNoSession(String database) {
    try (HubHarness harness = HubHarness.start(database)) {
      StaffMember admin = harness.staff(Role.ADMIN, Set.of());
      HttpResponse<Buffer> form = harness.get("/staff/login");
      String token = form.bodyAsString().replaceAll("(?s).*name=\"formToken\" value=\"([^\"]+)\".*", "$1");

      HttpResponse<Buffer> refused = harness.http.post("/staff/login")
          .putHeader("Cookie", form.cookies().get(0).split(";")[0]).putHeader("Accept-Language", "fr")
          .sendForm(MultiMap.caseInsensitiveMultiMap().add("formToken", token).add("email", admin.email())
              .add("password", "not the password")).await();

      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(refused.bodyAsString()).contains("id=\"password-error\"")
          .contains("Adresse e-mail ou mot de passe incorrect.");
      assertThat(refused.cookies()).noneMatch(c -> c.startsWith("relais_staff="));

      HttpResponse<Buffer> forged = harness.http.post("/staff/login")
          .sendForm(MultiMap.caseInsensitiveMultiMap().add("formToken", token).add("email", admin.email())
              .add("password", HubHarness.PASSWORD)).await();
      assertThat(forged.statusCode()).as("a sign-in posted without the form's own cookie").isEqualTo(403);
      assertThat(forged.cookies()).noneMatch(c -> c.startsWith("relais_staff="));
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void signingOutNeedsTheTokenAndEndsTheSession(String database) {
    try (HubHarness harness = HubHarness.start(database)) {
      StaffWeb web = new StaffWeb(harness);
      StaffWeb.Session session = web.signIn(harness.staff(Role.ADMIN, Set.of()));

      HttpResponse<Buffer> noToken = web.postWithToken(session, "/staff/logout", MultiMap.caseInsensitiveMultiMap());
      assertThat(noToken.statusCode()).isEqualTo(403);
      HttpResponse<Buffer> wrongToken = web.postWithToken(session, "/staff/logout",
          MultiMap.caseInsensitiveMultiMap().add("csrf", session.csrf() + "x"));
      assertThat(wrongToken.statusCode()).isEqualTo(403);
      assertThat(web.get(session, "/api/v1/auth/me").statusCode()).as("still signed in").isEqualTo(200);

      HttpResponse<Buffer> out = web.post(session, "/staff/logout", MultiMap.caseInsensitiveMultiMap());
      assertThat(out.statusCode()).isEqualTo(303);
      assertThat(out.getHeader("Location")).isEqualTo("/staff/login?notice=signed_out");
      assertThat(web.get(session, "/api/v1/auth/me").statusCode()).isEqualTo(401);
      assertThat(web.get(session, "/staff/accounts").statusCode()).isEqualTo(303);
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aSessionEndsAfterItsIdleTimeAndAfterItsMaximumAge(String database) {
    try (HubHarness harness = HubHarness.start(database, Map.of("auth.sessionIdleTimeout", "PT2H",
        "auth.sessionMaxAge", "PT5H"))) {
      StaffWeb web = new StaffWeb(harness);
      StaffMember admin = harness.staff(Role.ADMIN, Set.of());

      StaffWeb.Session idle = web.signIn(admin);
      harness.clock.advance(Duration.ofMinutes(119));
      assertThat(web.get(idle, "/api/v1/auth/me").statusCode()).isEqualTo(200);
      harness.clock.advance(Duration.ofMinutes(119));
      assertThat(web.get(idle, "/api/v1/auth/me").statusCode()).as("kept alive by use").isEqualTo(200);
      harness.clock.advance(Duration.ofHours(2));
      assertThat(web.get(idle, "/api/v1/auth/me").statusCode()).as("two hours idle").isEqualTo(401);

      StaffWeb.Session used = web.signIn(admin);
      for (int hour = 1; hour < 5; hour++) {
        harness.clock.advance(Duration.ofHours(1));
        assertThat(web.get(used, "/api/v1/auth/me").statusCode()).isEqualTo(200);
      }
      harness.clock.advance(Duration.ofHours(1));
      assertThat(web.get(used, "/api/v1/auth/me").statusCode()).as("five hours after signing in").isEqualTo(401);
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void theApiTakesTheSessionCookieButAWriteNeedsTheTokenHeader(String database) {
    try (HubHarness harness = HubHarness.start(database)) {
      StaffWeb web = new StaffWeb(harness);
      StaffWeb.Session session = web.signIn(harness.staff(Role.ADMIN, Set.of()));
      JsonObject centre = new JsonObject().put("name", "La Passerelle").put("kind", "SOCIAL_CENTRE");

      HttpResponse<Buffer> refused = harness.http.post("/api/v1/centres").putHeader("Cookie", session.cookies())
          .sendJsonObject(centre).await();
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(refused.getHeader("Content-Type")).startsWith("application/problem+json");
      assertThat(harness.hub.centres().list(10, null).await().items()).isEmpty();

      HttpResponse<Buffer> created = harness.http.post("/api/v1/centres").putHeader("Cookie", session.cookies())
          .putHeader("X-CSRF-Token", session.csrf()).sendJsonObject(centre).await();
      assertThat(created.statusCode()).isEqualTo(201);
      assertThat(harness.hub.centres().list(10, null).await().items()).extracting(Centre::name).containsExactly("La Passerelle");
    }
  }
}
