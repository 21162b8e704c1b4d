package org.relais.hub.households;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.relais.hub.centres.Centre;
import org.relais.hub.join.Attendance;
import org.relais.hub.privacy.PrivacyLog;
import org.relais.hub.registrations.Registration;
import org.relais.hub.registrations.RegistrationService;
import org.relais.hub.registrations.RegistrationStatus;
import org.relais.hub.schedule.Session;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.StaffWeb;
import org.relais.hub.testing.TestDatabase;
import org.relais.protocol.Role;

/**
 * Households off the radar, retention and erasure, over HTTP on each database: the staff's pages and the
 * family's manage link, the data read back through the hub's own services.
 */
class HouseholdsTest {
  private static final StaffPrincipal AUDIT = new StaffPrincipal(UUID.randomUUID(), Role.ADMIN, Set.of());
  private static final String PHONE = HouseholdScene.PHONE;

  private static List<OffRadar.Line> offRadar(HubHarness harness) {
    return harness.hub.households().offRadar().list(AUDIT, 4, PrivacyLog.Action.OFF_RADAR_VIEWED).await();
  }

  static Stream<String> databases() {
    return TestDatabase.kinds();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aHouseholdSeenThreeTimesThenAbsentFiveWeeksIsOffTheRadarForFourWeeksNotForSix(String database) {
    try (HubHarness harness = HubHarness.start(database)) {
      HouseholdScene scene = new HouseholdScene(harness);
      HouseholdScene.Regular martin = scene.regular(3);
      Centre centre = martin.centre();
      Session cooking = martin.cooking();
      Registration silent = scene.register(cooking, "Famille Sans Contact", null, false).registration();
      Registration once = scene.register(cooking, "Famille Une Fois", "07 55 66 77 88", true).registration();
      scene.cameTo(cooking, silent.id(), 3);
      scene.cameTo(cooking, once.id(), 1);
      harness.clock.set(HouseholdScene.weeksAfter(3, 5));
      StaffWeb web = new StaffWeb(harness);
      StaffWeb.Session coordinator = web.signIn(harness.staff(Role.COORDINATOR, Set.of(centre.id())));

      String fourWeeks = web.get(coordinator, "/staff/households?weeks=4").bodyAsString();
      assertThat(fourWeeks).contains("Famille Martin", "06 11 22 33 44", "Famille Sans Contact",
          "Cuisine du monde", "Les Tisserands");
      // Seen once only: not a household that dropped off, one that never settled in.
      assertThat(fourWeeks).doesNotContain("Famille Une Fois");
      String sixWeeks = web.get(coordinator, "/staff/households?weeks=6").bodyAsString();
      assertThat(sixWeeks).doesNotContain("Famille Martin", "Famille Sans Contact");
      HttpResponse<Buffer> defaultWeeks = web.get(coordinator, "/staff/households");
      assertThat(defaultWeeks.statusCode()).isEqualTo(200);
      assertThat(defaultWeeks.bodyAsString()).contains("Famille Martin", "value=\"4\"");

      // No consent: no contact, on the list and on the list to call.
      Household withoutConsent = offRadar(harness).stream()
          .map(OffRadar.Line::household).filter(h -> h.lastMember().displayName().equals("Famille Sans Contact"))
          .findFirst().orElseThrow();
      assertThat(withoutConsent.phone()).isEmpty();
      assertThat(withoutConsent.email()).isEmpty();
      String calls = web.get(coordinator, "/staff/households/calls?weeks=4").bodyAsString();
      assertThat(calls).contains("Famille Martin", "06 11 22 33 44").doesNotContain("Famille Sans Contact");

      // Nonsense weeks: said next to the field, nothing listed.
      HttpResponse<Buffer> wrong = web.get(coordinator, "/staff/households?weeks=abc");
      assertThat(wrong.statusCode()).isEqualTo(422);
      assertThat(wrong.bodyAsString()).contains("weeks-error").doesNotContain("Famille Martin");
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void markingContactedSaysWhoAndWhenUntilTheHouseholdIsSeenAgain(String database) {
    try (HubHarness harness = HubHarness.start(database)) {
      Centre centre = new HouseholdScene(harness).regular(3).centre();
      harness.clock.set(HouseholdScene.weeksAfter(3, 5));
      StaffWeb web = new StaffWeb(harness);
      StaffMember nadia = harness.staff(Role.COORDINATOR, Set.of(centre.id()));
      StaffWeb.Session coordinator = web.signIn(nadia);
      String ref = offRadar(harness).get(0).household().ref();

      HttpResponse<Buffer> forged = web.postWithToken(coordinator, "/staff/households/" + ref + "/contacted",
          MultiMap.caseInsensitiveMultiMap());
      assertThat(forged.statusCode()).isEqualTo(403);
      HttpResponse<Buffer> marked = web.post(coordinator, "/staff/households/" + ref + "/contacted?weeks=4",
          MultiMap.caseInsensitiveMultiMap());
      assertThat(marked.statusCode()).isEqualTo(303);
      assertThat(marked.getHeader("Location")).startsWith("/staff/households?weeks=4");
      OffRadar.Line line = offRadar(harness).get(0);
      assertThat(line.contacted()).isPresent();
      assertThat(line.contacted().get().by()).isEqualTo(nadia.displayName());
      assertThat(line.contacted().get().at()).isEqualTo(harness.clock.instant());
      assertThat(web.get(coordinator, "/staff/households?weeks=4").bodyAsString()).contains(nadia.displayName());
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void thirteenMonthsAfterItsLastSittingAHouseholdLosesItsContactAndTheCountsStay(String database) {
    try (HubHarness harness = HubHarness.start(database)) {
      HouseholdScene scene = new HouseholdScene(harness);
      HouseholdScene.Regular martin = scene.regular(3);
      Centre centre = martin.centre();
      Session cooking = martin.cooking();
      Registration silent = scene.register(cooking, "Famille Sans Contact", null, false).registration();
      scene.cameTo(cooking, silent.id(), 2);
      Attendance.Counts before = harness.hub.attendance().count(cooking.id()).await();

      // Twelve months on: nothing is due yet.
      harness.clock.set(HouseholdScene.weeksAfter(3, 0).plus(Duration.ofDays(300)));
      Session later = scene.comingClass(centre, "Tricot", 10);
      Registration recent = scene.register(later, "Famille Recente", "06 98 76 54 32", true).registration();
      assertThat(harness.hub.households().retention().runOnce().await().households()).isZero();

      harness.clock.set(HouseholdScene.weeksAfter(3, 0).atOffset(ZoneOffset.UTC).plusMonths(13)
          .toInstant());
      Retention.Run run = harness.hub.households().retention().runOnce().await();
      assertThat(run.households()).isEqualTo(2);
      assertThat(run.registrations()).isEqualTo(2);
      assertThat(run.stays()).isEqualTo(5);

      RegistrationService.Roster roster = harness.hub.registrations().rosterForStaff(AUDIT, cooking.id()).await();
      assertThat(roster.registrations()).hasSize(2).allSatisfy(r -> {
        assertThat(r.details().phone()).isNull();
        assertThat(r.details().email()).isNull();
        assertThat(r.details().consent()).isFalse();
        assertThat(r.details().displayName()).isEqualTo("—");
      });
      assertThat(harness.hub.attendance().count(cooking.id()).await()).isEqualTo(before);
      assertThat(harness.hub.registrations().rosterForStaff(AUDIT, later.id()).await().find(recent.id())
          .orElseThrow().details().phone()).isEqualTo("+33698765432");
      // A second run finds nothing left to erase.
      assertThat(harness.hub.households().retention().runOnce().await().registrations()).isZero();
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void erasingFromTheManageLinkAnonymisesTheHouseholdFreesItsPlacesAndKeepsTheCounts(String database) {
    try (HubHarness harness = HubHarness.start(database)) {
      HouseholdScene scene = new HouseholdScene(harness);
      HouseholdScene.Regular regular = scene.regular(3);
      Centre centre = regular.centre();
      Session cooking = regular.cooking();
      RegistrationService.Registered martin = regular.family();
      harness.clock.set(HouseholdScene.weeksAfter(3, 5));
      Session knitting = scene.comingClass(centre, "Tricot", 1);
      // The same phone written another way: the same household.
      Registration place = scene.register(knitting, "Famille Martin", "+33 6 11 22 33 44", true).registration();
      Registration waiting = scene.register(knitting, "Famille Attente", null, false).registration();
      assertThat(waiting.status()).isEqualTo(RegistrationStatus.WAITLISTED);
      Attendance.Counts before = harness.hub.attendance().count(cooking.id()).await();
      String manage = "/r/" + martin.manageToken();

      JsonObject data = harness.get(manage + "/data.json").bodyAsJsonObject();
      assertThat(data.getJsonArray("registrations")).hasSize(2);
      JsonObject first = data.getJsonArray("registrations").stream().map(JsonObject.class::cast)
          .filter(r -> r.getString("id").equals(martin.registration().id().toString())).findFirst().orElseThrow();
      assertThat(first.getString("phone")).isEqualTo("+33611223344");
      assertThat(first.getJsonObject("consent").getString("wordingVersion")).isEqualTo("1");
      assertThat(first.getJsonArray("stays")).hasSize(3);
      // The file explains itself in the family's language, with the day its data goes.
      assertThat(data.getString("language")).isEqualTo("fr");
      assertThat(data.getString("about")).startsWith("Tout ce que Relais garde sur votre foyer");
      String keptUntil = java.time.format.DateTimeFormatter.ofLocalizedDate(java.time.format.FormatStyle.LONG)
          .withLocale(java.util.Locale.FRENCH).format(java.time.Instant.parse(data.getString("keptUntil"))
              .atZone(java.time.ZoneOffset.UTC));
      assertThat(data.getString("retention"))
          .isEqualTo("Relais garde ces données jusqu’au " + keptUntil + " (12 mois après votre dernier cours), puis les efface.");

      HttpResponse<Buffer> confirm = harness.get(manage + "/erase");
      assertThat(confirm.statusCode()).isEqualTo(200);
      // "Your household" is said plainly, with what it holds: both registrations share the phone.
      assertThat(confirm.bodyAsString()).contains("le même numéro de téléphone que celle-ci",
          "Vous allez effacer 2 inscriptions à 2 cours.");
      assertThat(harness.get(manage).bodyAsString()).contains("/data.json");
      HttpResponse<Buffer> erased = harness.http.post(manage + "/erase").send().await();
      assertThat(erased.statusCode()).isEqualTo(303);
      assertThat(erased.getHeader("Location")).isEqualTo(manage + "/erased");
      assertThat(harness.get(manage + "/erased").statusCode()).isEqualTo(200);

      assertThat(offRadar(harness)).isEmpty();
      StaffWeb web = new StaffWeb(harness);
      StaffWeb.Session admin = web.signIn(harness.staff(Role.ADMIN, Set.of()));
      assertThat(web.get(admin, "/staff/households?weeks=4").bodyAsString()).doesNotContain("Famille Martin");
      assertThat(web.get(admin, "/staff/classes/" + cooking.id() + "/registrations").bodyAsString())
          .doesNotContain("Famille Martin", "06 11 22 33 44");
      assertThat(web.get(admin, "/staff/classes/" + cooking.id() + "/registrations.csv").bodyAsString())
          .doesNotContain("Famille Martin", "06 11 22 33 44");
      RegistrationService.Roster knittingRoster = harness.hub.registrations().rosterForStaff(AUDIT, knitting.id())
          .await();
      assertThat(knittingRoster.find(place.id()).orElseThrow().status()).isEqualTo(RegistrationStatus.CANCELLED);
      assertThat(knittingRoster.find(waiting.id()).orElseThrow().status()).isEqualTo(RegistrationStatus.CONFIRMED);
      assertThat(harness.hub.attendance().count(cooking.id()).await()).isEqualTo(before);
      JsonObject after = harness.get(manage + "/data.json").bodyAsJsonObject();
      assertThat(after.getJsonArray("registrations")).isEmpty();
      assertThat(after.getString("note")).startsWith("Vos données personnelles sont effacées");
      // The manage page no longer offers what there is nothing left to do.
      String managePage = harness.get(manage).bodyAsString();
      assertThat(managePage).contains("Les données de votre foyer sont effacées")
          .doesNotContain("/data.json", manage + "/erase");
      // Erasing again is harmless; an unknown link is refused.
      assertThat(harness.http.post(manage + "/erase").send().await().statusCode()).isEqualTo(303);
      assertThat(harness.http.post("/r/not-a-link/erase").send().await().statusCode()).isEqualTo(404);
    }
  }
}
