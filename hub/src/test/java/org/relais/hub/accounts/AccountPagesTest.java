package org.relais.hub.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relais.hub.centres.Centre;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.StaffWeb;
import org.relais.protocol.Role;

/**
 * The staff accounts pages over HTTP: errors next to their field, a second editor, deactivation signing the
 * account out of everything, reset links that work once. The role table of their actions is
 * {@link AccountRolesTest}; the journey in a browser is {@link AccountsBrowserTest}.
 */
class AccountPagesTest {
  private static final Pattern LINK = Pattern.compile("http://[^\"<]*(/staff/reset/[A-Za-z0-9_-]+)</textarea>");

  private HubHarness harness;
  private StaffWeb web;
  private Centre centre;
  private StaffMember admin;
  private StaffWeb.Session adminSession;

  @BeforeEach
  void start() {
    harness = HubHarness.start("h2");
    web = new StaffWeb(harness);
    centre = harness.centre("Les Tisserands");
    admin = harness.staff(Role.ADMIN, Set.of());
    adminSession = web.signIn(admin);
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private StaffMember find(UUID id) {
    return harness.hub.staff().get(admin.principal(), id).await();
  }

  private MultiMap form(StaffMember member) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("displayName", member.displayName())
        .add("email", member.email()).add("role", member.role().name())
        .add("version", String.valueOf(member.version()));
    member.centreIds().forEach(id -> form.add("centreIds", id.toString()));
    return form;
  }

  @Test
  void formErrorsAreSaidNextToTheirFieldWithTheValuesKept() {
    StaffMember animator = harness.staff(Role.ANIMATOR, Set.of(centre.id()));

    HttpResponse<Buffer> taken = web.post(adminSession, "/staff/accounts", MultiMap.caseInsensitiveMultiMap()
        .add("displayName", "Lucie Martin").add("email", animator.email()).add("role", "ANIMATOR")
        .add("centreIds", centre.id().toString()));
    assertThat(taken.statusCode()).isEqualTo(409);
    assertThat(taken.bodyAsString()).contains("id=\"email-error\"")
        .contains("Un compte existe déjà avec cette adresse e-mail.").contains("value=\"Lucie Martin\"");

    HttpResponse<Buffer> noCentre = web.post(adminSession, "/staff/accounts", MultiMap.caseInsensitiveMultiMap()
        .add("displayName", "Lucie Martin").add("email", "lucie@relais.test").add("role", "ANIMATOR"));
    assertThat(noCentre.statusCode()).isEqualTo(422);
    assertThat(noCentre.bodyAsString()).contains("id=\"centreIds-error\"").contains("Cochez au moins un centre.");

    HttpResponse<Buffer> badEmail = web.post(adminSession, "/staff/accounts", MultiMap.caseInsensitiveMultiMap()
        .add("displayName", "Lucie Martin").add("email", "lucie at home").add("role", "ANIMATOR")
        .add("centreIds", centre.id().toString()));
    assertThat(badEmail.statusCode()).isEqualTo(422);
    assertThat(badEmail.bodyAsString()).contains("id=\"email-error\"").contains("value=\"lucie at home\"")
        .doesNotContain("/email").doesNotContain("must be");

    HttpResponse<Buffer> shortPassword = web.post(adminSession, "/staff/accounts", MultiMap.caseInsensitiveMultiMap()
        .add("displayName", "Lucie Martin").add("email", "lucie@relais.test").add("role", "ANIMATOR")
        .add("centreIds", centre.id().toString()).add("password", "short"));
    assertThat(shortPassword.statusCode()).isEqualTo(422);
    assertThat(shortPassword.bodyAsString()).contains("id=\"password-error\"")
        .contains("Choisissez un mot de passe de 10 à 200 caractères.");
    assertThat(harness.hub.staff().count().await()).isEqualTo(2);
  }

  @Test
  void aSecondEditorIsToldTheAccountChangedMeanwhileAndNothingIsOverwritten() {
    StaffMember animator = harness.staff(Role.ANIMATOR, Set.of(centre.id()));
    MultiMap first = form(animator).set("displayName", "Lucie Martin");
    MultiMap second = form(animator).set("displayName", "Lucie M.");

    assertThat(web.post(adminSession, "/staff/accounts/" + animator.id(), first).statusCode()).isEqualTo(303);
    HttpResponse<Buffer> late = web.post(adminSession, "/staff/accounts/" + animator.id(), second);

    assertThat(late.statusCode()).isEqualTo(409);
    assertThat(late.bodyAsString()).contains("modifié entre-temps").contains("value=\"Lucie M.\"")
        .contains("href=\"/staff/accounts/" + animator.id() + "\"");
    assertThat(find(animator.id()).displayName()).isEqualTo("Lucie Martin");
  }

  @Test
  void aDeactivatedAccountIsSignedOutOfEverythingAndRefusedAsAWrongPassword() {
    StaffMember instructor = harness.staff(Role.INSTRUCTOR, Set.of(centre.id()));
    StaffWeb.Session browser = web.signIn(instructor);
    String token = harness.login(instructor);
    assertThat(web.get(browser, "/api/v1/auth/me").statusCode()).isEqualTo(200);

    HttpResponse<Buffer> done = web.post(adminSession, "/staff/accounts/" + instructor.id() + "/deactivate",
        MultiMap.caseInsensitiveMultiMap().add("version", "1"));
    assertThat(done.statusCode()).isEqualTo(303);
    assertThat(done.getHeader("Location")).isEqualTo("/staff/accounts?notice=account_deactivated");

    assertThat(web.get(browser, "/staff/accounts").statusCode()).isEqualTo(303);
    assertThat(web.get(browser, "/api/v1/auth/me").statusCode()).isEqualTo(401);
    assertThat(harness.send(HttpMethod.GET, "/api/v1/auth/me", token, null).statusCode()).isEqualTo(401);
    HttpResponse<Buffer> login = harness.http.post("/api/v1/auth/login").sendJsonObject(new JsonObject()
        .put("email", instructor.email()).put("password", HubHarness.PASSWORD)).await();
    HttpResponse<Buffer> wrong = harness.http.post("/api/v1/auth/login").sendJsonObject(new JsonObject()
        .put("email", instructor.email()).put("password", "not the password")).await();
    assertThat(login.statusCode()).isEqualTo(401);
    assertThat(login.bodyAsJsonObject()).isEqualTo(wrong.bodyAsJsonObject());
    assertThat(signInPage(instructor.email(), HubHarness.PASSWORD).bodyAsString())
        .contains("Adresse e-mail ou mot de passe incorrect.");

    HttpResponse<Buffer> list = web.get(adminSession, "/staff/accounts");
    assertThat(list.bodyAsString()).contains("Désactivé");
    assertThat(web.post(adminSession, "/staff/accounts/" + instructor.id() + "/reactivate",
        MultiMap.caseInsensitiveMultiMap().add("version", "2")).statusCode()).isEqualTo(303);
    assertThat(harness.login(instructor)).isNotEmpty();
  }

  @Test
  void noOneDeactivatesTheirOwnAccount() {
    HttpResponse<Buffer> refused = web.post(adminSession, "/staff/accounts/" + admin.id() + "/deactivate",
        MultiMap.caseInsensitiveMultiMap().add("version", "1"));

    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(refused.bodyAsString()).contains("Vous ne pouvez pas désactiver votre propre compte.");
    assertThat(find(admin.id()).active()).isTrue();
  }

  @Test
  void theApiReadsAndChangesTheActiveFlag() {
    String token = harness.login(admin);
    StaffMember instructor = harness.staff(Role.INSTRUCTOR, Set.of());
    JsonObject body = new JsonObject().put("email", instructor.email()).put("displayName", "Inès")
        .put("role", "INSTRUCTOR").put("centreIds", new JsonArray()).put("active", false);

    HttpResponse<Buffer> updated = harness.request(HttpMethod.PUT, "/api/v1/staff/" + instructor.id(), token)
        .putHeader("If-Match", "\"1\"").sendJsonObject(body).await();
    assertThat(updated.statusCode()).isEqualTo(200);
    assertThat(updated.bodyAsJsonObject().getBoolean("active")).isFalse();

    JsonObject renameOnly = body.copy().put("displayName", "Inès B.");
    renameOnly.remove("active");
    HttpResponse<Buffer> renamed = harness.request(HttpMethod.PUT, "/api/v1/staff/" + instructor.id(), token)
        .putHeader("If-Match", "\"2\"").sendJsonObject(renameOnly).await();
    assertThat(renamed.statusCode()).isEqualTo(200);
    assertThat(renamed.bodyAsJsonObject().getBoolean("active")).isFalse();
    assertThat(harness.send(HttpMethod.GET, "/api/v1/staff/" + admin.id(), token, null).bodyAsJsonObject()
        .getBoolean("active")).isTrue();
  }

  @Test
  void aResetLinkSetsAPasswordOnceSignsTheOldSessionsOutAndIsTheSameRefusalWhenDead() {
    StaffMember animator = harness.staff(Role.ANIMATOR, Set.of(centre.id()));
    StaffWeb.Session old = web.signIn(animator);
    HttpResponse<Buffer> issued = web.post(adminSession, "/staff/accounts/" + animator.id() + "/reset-link",
        MultiMap.caseInsensitiveMultiMap());
    assertThat(issued.statusCode()).isEqualTo(200);
    String path = link(issued);

    HttpResponse<Buffer> page = harness.get(path);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.bodyAsString()).contains(animator.email()).contains("id=\"confirmation\"");
    HttpResponse<Buffer> mismatch = reset(path, "a new long password", "another long password");
    assertThat(mismatch.statusCode()).isEqualTo(422);
    assertThat(mismatch.bodyAsString()).contains("id=\"confirmation-error\"").contains("ne sont pas les mêmes");
    HttpResponse<Buffer> tooShort = reset(path, "short", "short");
    assertThat(tooShort.statusCode()).isEqualTo(422);
    assertThat(tooShort.bodyAsString()).contains("id=\"password-error\"");

    HttpResponse<Buffer> done = reset(path, "a new long password", "a new long password");
    assertThat(done.statusCode()).isEqualTo(303);
    assertThat(done.getHeader("Location")).isEqualTo("/staff/login?notice=password_changed");
    assertThat(web.get(old, "/api/v1/auth/me").statusCode()).as("signed out").isEqualTo(401);
    assertThat(harness.http.post("/api/v1/auth/login").sendJsonObject(new JsonObject()
        .put("email", animator.email()).put("password", "a new long password")).await().statusCode()).isEqualTo(200);

    HttpResponse<Buffer> used = harness.get(path);
    HttpResponse<Buffer> unknown = harness.get("/staff/reset/" + "x".repeat(43));
    HttpResponse<Buffer> usedAgain = reset(path, "a third long password", "a third long password");
    String expiredPath = link(web.post(adminSession, "/staff/accounts/" + animator.id() + "/reset-link",
        MultiMap.caseInsensitiveMultiMap()));
    harness.clock.advance(Duration.ofHours(24));
    HttpResponse<Buffer> expired = harness.get(expiredPath);
    for (HttpResponse<Buffer> dead : new HttpResponse[] {used, unknown, usedAgain, expired}) {
      assertThat(dead.statusCode()).isEqualTo(404);
      assertThat(deadText(dead)).isEqualTo(deadText(unknown)).contains("Ce lien ne fonctionne pas");
    }
  }

  @Test
  void anAccountCreatedWithoutPasswordComesWithItsLink() {
    StaffMember coordinator = harness.staff(Role.COORDINATOR, Set.of(centre.id()));
    StaffWeb.Session session = web.signIn(coordinator);

    HttpResponse<Buffer> created = web.post(session, "/staff/accounts", MultiMap.caseInsensitiveMultiMap()
        .add("displayName", "Lucie Martin").add("email", "Lucie@Relais.test").add("role", "ANIMATOR")
        .add("centreIds", centre.id().toString()));

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.bodyAsString()).contains("Lucie Martin").contains("lucie@relais.test");
    assertThat(harness.get(link(created)).bodyAsString()).contains("lucie@relais.test");
    HttpResponse<Buffer> login = harness.http.post("/api/v1/auth/login").sendJsonObject(new JsonObject()
        .put("email", "lucie@relais.test").put("password", HubHarness.PASSWORD)).await();
    assertThat(login.statusCode()).as("no password anyone knows").isEqualTo(401);
  }

  private static String link(HttpResponse<Buffer> page) {
    Matcher link = LINK.matcher(page.bodyAsString());
    assertThat(link.find()).as("a reset link on the page").isTrue();
    return link.group(1);
  }

  private HttpResponse<Buffer> reset(String path, String password, String confirmation) {
    return harness.http.post(path).sendForm(MultiMap.caseInsensitiveMultiMap().add("password", password)
        .add("confirmation", confirmation)).await();
  }

  private static String deadText(HttpResponse<Buffer> page) {
    return page.bodyAsString().replaceAll("(?s).*<main[^>]*>(.*)</main>.*", "$1").replaceAll("\\?lang=[a-z]+", "");
  }

  private HttpResponse<Buffer> signInPage(String email, String password) {
    HttpResponse<Buffer> form = harness.get("/staff/login");
    String token = form.bodyAsString().replaceAll("(?s).*name=\"formToken\" value=\"([^\"]+)\".*", "$1");
    return harness.http.post("/staff/login").putHeader("Cookie", form.cookies().get(0).split(";")[0])
        .sendForm(MultiMap.caseInsensitiveMultiMap().add("formToken", token).add("email", email)
            .add("password", password)).await();
  }
}
