package org.relais.hub.registrations;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.relais.hub.centres.Centre;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionDraft;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.StaffWeb;
import org.relais.hub.testing.TestDatabase;
import org.relais.protocol.Category;
import org.relais.protocol.Role;
import org.relais.protocol.VideoMode;

/**
 * The staff's registration pages over HTTP, on each database: who may do what (each action tried by each
 * role, a refused one changing nothing), the promotion a cancellation causes, the spreadsheet file, and the
 * phone form's refusals.
 */
class StaffRegistrationPagesTest {
  static Stream<String> databases() {
    return TestDatabase.kinds();
  }

  private static final StaffPrincipal AUDIT = new StaffPrincipal(UUID.randomUUID(), Role.ADMIN, Set.of());

  /** One role of the table, and whether the class's registrations are its business. */
  private record Member(String who, StaffMember member, boolean allowed) {}

  private static Session session(HubHarness harness, Centre centre, UUID instructorId, int homeCapacity) {
    Instant start = harness.clock.instant().plus(Duration.ofDays(2));
    return harness.hub.schedule().createTrusted(new SessionDraft("Cuisine du monde", Category.COOKING, null, "fr",
        instructorId, centre.id(), start, start.plus(Duration.ofHours(2)), null, homeCapacity, VideoMode.JITSI,
        null)).await();
  }

  private static Registration register(HubHarness harness, Session session, String name, String phone,
      boolean consent) {
    return harness.hub.registrations().register(session.id(),
        new RegistrationRequest(name, null, phone, 2, consent, "fr"), null).await().registration();
  }

  /** Reads the store as it is, whoever the page's user was. */
  private static RegistrationService.Roster roster(HubHarness harness, Session session) {
    return harness.hub.registrations().rosterForStaff(AUDIT, session.id()).await();
  }

  private static RegistrationStatus status(HubHarness harness, Session session, UUID registrationId) {
    return roster(harness, session).find(registrationId).orElseThrow().status();
  }

  private static int count(HubHarness harness, Session session) {
    return roster(harness, session).registrations().size();
  }

  private static MultiMap phoneForm(String name) {
    return MultiMap.caseInsensitiveMultiMap().add("displayName", name).add("householdSize", "3")
        .add("phone", "06 12 34 56 78").add("consent", "yes").add("language", "fr")
        .add("idempotencyKey", UUID.randomUUID().toString());
  }

  @ParameterizedTest
  @MethodSource("databases")
  void eachActionIsOpenToThoseWhoRunTheClassAndRefusedToOthersWithNothingChanged(String database) {
    try (HubHarness harness = HubHarness.start(database)) {
      Centre tisserands = harness.centre("Les Tisserands");
      Centre tilleuls = harness.centre("Les Tilleuls");
      StaffMember instructor = harness.staff(Role.INSTRUCTOR, Set.of());
      Session session = session(harness, tisserands, instructor.id(), 100);
      List<Member> table = List.of(
          new Member("admin", harness.staff(Role.ADMIN, Set.of()), true),
          new Member("coordinator of the centre", harness.staff(Role.COORDINATOR, Set.of(tisserands.id())), true),
          new Member("instructor of the class", instructor, true),
          new Member("coordinator of another centre", harness.staff(Role.COORDINATOR, Set.of(tilleuls.id())), false),
          new Member("another instructor", harness.staff(Role.INSTRUCTOR, Set.of()), false),
          new Member("animator of the centre", harness.staff(Role.ANIMATOR, Set.of(tisserands.id())), false));
      StaffWeb web = new StaffWeb(harness);
      String list = "/staff/classes/" + session.id() + "/registrations";
      List<String> outcomes = new ArrayList<>();

      for (Member row : table) {
        StaffWeb.Session browser = web.signIn(row.member());
        Registration family = register(harness, session, "Famille " + row.who(), null, false);

        HttpResponse<Buffer> page = web.get(browser, list);
        outcomes.add(row.who() + " list " + (page.statusCode() == 200 ? "allowed" : "refused " + page.statusCode()));
        assertThat(page.bodyAsString().contains("Famille " + row.who())).isEqualTo(row.allowed());

        HttpResponse<Buffer> csv = web.get(browser, list + ".csv");
        outcomes.add(row.who() + " csv " + (csv.statusCode() == 200 ? "allowed" : "refused " + csv.statusCode()));
        assertThat(csv.bodyAsString().contains("Famille " + row.who())).isEqualTo(row.allowed());

        HttpResponse<Buffer> link = web.get(browser, list + "/" + family.id());
        outcomes.add(row.who() + " link " + (link.statusCode() == 200 ? "allowed" : "refused " + link.statusCode()));
        assertThat(link.bodyAsString().contains("/j/")).isEqualTo(row.allowed());
        HttpResponse<Buffer> qr = web.get(browser, list + "/" + family.id() + "/qr.svg");
        outcomes.add(row.who() + " qr " + (qr.statusCode() == 200 ? "allowed" : "refused " + qr.statusCode()));

        // Without the session's token a write is refused before anything is looked at, whoever sends it.
        int before = count(harness, session);
        HttpResponse<Buffer> forged = web.postWithToken(browser, list, phoneForm("Famille sans jeton"));
        assertThat(forged.statusCode()).as(row.who() + " register without CSRF").isEqualTo(403);
        HttpResponse<Buffer> forgedCancel = web.postWithToken(browser, list + "/" + family.id() + "/cancel",
            MultiMap.caseInsensitiveMultiMap().add("csrf", "not-the-token"));
        assertThat(forgedCancel.statusCode()).as(row.who() + " cancel with a wrong CSRF token").isEqualTo(403);
        assertThat(count(harness, session)).isEqualTo(before);
        assertThat(status(harness, session, family.id())).isEqualTo(RegistrationStatus.CONFIRMED);

        HttpResponse<Buffer> registered = web.post(browser, list, phoneForm("Famille par " + row.who()));
        outcomes.add(row.who() + " register " + (registered.statusCode() == 303 ? "allowed"
            : "refused " + registered.statusCode()));
        assertThat(count(harness, session)).isEqualTo(before + (row.allowed() ? 1 : 0));

        HttpResponse<Buffer> cancelled = web.post(browser, list + "/" + family.id() + "/cancel",
            MultiMap.caseInsensitiveMultiMap());
        outcomes.add(row.who() + " cancel " + (cancelled.statusCode() == 303 ? "allowed"
            : "refused " + cancelled.statusCode()));
        assertThat(status(harness, session, family.id()))
            .isEqualTo(row.allowed() ? RegistrationStatus.CANCELLED : RegistrationStatus.CONFIRMED);
      }

      List<String> wanted = new ArrayList<>();
      for (Member row : table) {
        for (String action : List.of("list", "csv", "link", "qr", "register", "cancel")) {
          wanted.add(row.who() + " " + action + " " + (row.allowed() ? "allowed" : "refused 403"));
        }
      }
      assertThat(outcomes).containsExactlyInAnyOrderElementsOf(wanted);
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void cancellingAConfirmedFamilyGivesItsPlaceToTheFirstWaitingOneAndThePageSaysWho(String database) {
    try (HubHarness harness = HubHarness.start(database)) {
      Centre centre = harness.centre("Les Tisserands");
      Session session = session(harness, centre, null, 1);
      Registration martin = register(harness, session, "Famille Martin", null, false);
      Registration haddad = register(harness, session, "Famille Haddad", null, false);
      Registration nguyen = register(harness, session, "Famille Nguyen", null, false);
      StaffWeb web = new StaffWeb(harness);
      StaffWeb.Session coordinator = web.signIn(harness.staff(Role.COORDINATOR, Set.of(centre.id())));
      String list = "/staff/classes/" + session.id() + "/registrations";

      HttpResponse<Buffer> confirm = web.get(coordinator, list + "/" + martin.id() + "/cancel");
      assertThat(confirm.statusCode()).isEqualTo(200);
      assertThat(confirm.bodyAsString()).contains("Famille Martin")
          .contains("Sa place ira tout de suite à la première famille de la liste d’attente.");

      HttpResponse<Buffer> cancelled = web.post(coordinator, list + "/" + martin.id() + "/cancel",
          MultiMap.caseInsensitiveMultiMap());
      assertThat(cancelled.statusCode()).isEqualTo(303);
      assertThat(cancelled.getHeader("Location"))
          .isEqualTo(list + "?cancelled=" + martin.id() + "&promoted=" + haddad.id());
      String page = web.get(coordinator, cancelled.getHeader("Location")).bodyAsString();
      assertThat(page).contains("L’inscription de Famille Martin est annulée. Famille Haddad, qui attendait en tête"
          + " de liste, a maintenant une place");
      assertThat(status(harness, session, martin.id())).isEqualTo(RegistrationStatus.CANCELLED);
      assertThat(status(harness, session, haddad.id())).isEqualTo(RegistrationStatus.CONFIRMED);
      assertThat(status(harness, session, nguyen.id())).isEqualTo(RegistrationStatus.WAITLISTED);

      // Twice is harmless: nobody else is promoted.
      HttpResponse<Buffer> again = web.post(coordinator, list + "/" + martin.id() + "/cancel",
          MultiMap.caseInsensitiveMultiMap());
      assertThat(again.getHeader("Location")).isEqualTo(list + "?cancelled=" + martin.id());
      assertThat(status(harness, session, nguyen.id())).isEqualTo(RegistrationStatus.WAITLISTED);
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void theSpreadsheetOpensWithAccentsInExcelShowsContactOnlyWithConsentAndRunsNoFormula(String database) {
    try (HubHarness harness = HubHarness.start(database)) {
      Centre centre = harness.centre("Les Tisserands");
      Session session = session(harness, centre, null, 1);
      register(harness, session, "Famille Léa Müller", "06 12 34 56 78", true);
      register(harness, session, "=HYPERLINK(\"http://evil.example\";\"clic\")", null, false);
      register(harness, session, "Famille \"Tout\" Bas", null, false);
      StaffWeb web = new StaffWeb(harness);
      StaffWeb.Session coordinator = web.signIn(harness.staff(Role.COORDINATOR, Set.of(centre.id())));

      HttpResponse<Buffer> csv = web.get(coordinator, "/staff/classes/" + session.id() + "/registrations.csv");

      assertThat(csv.statusCode()).isEqualTo(200);
      assertThat(csv.getHeader("Content-Type")).isEqualTo("text/csv; charset=utf-8");
      assertThat(csv.getHeader("Content-Disposition"))
          .matches("attachment; filename=\"inscriptions-cuisine-du-monde-\\d{4}-\\d{2}-\\d{2}\\.csv\"");
      byte[] bytes = csv.body().getBytes();
      assertThat(bytes).startsWith((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
      String[] lines = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8).split("\r\n");
      assertThat(lines).hasSize(4);
      assertThat(lines[0]).isEqualTo(
          "\"État\";\"Rang d’attente\";\"Nom\";\"Personnes\";\"Inscrite le\";\"Langue\";\"E-mail\";\"Téléphone\"");
      assertThat(lines[1])
          .startsWith("\"Confirmée\";\"\";\"Famille Léa Müller\";\"2\";\"2026-11-23 09:00\";\"fr\";\"\";")
          .endsWith(";\"06 12 34 56 78\"");
      assertThat(lines[2]).startsWith("\"En attente\";\"1\";\"'=HYPERLINK(\"\"http://evil.example\"\";\"\"clic\"\")\";")
          .endsWith(";\"\";\"\"");
      assertThat(lines[3]).startsWith("\"En attente\";\"2\";\"Famille \"\"Tout\"\" Bas\";");
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void thePhoneFormSaysWhatIsWrongNextToTheFieldKeepsTheAnswersAndStoresNothing(String database) {
    try (HubHarness harness = HubHarness.start(database)) {
      Centre centre = harness.centre("Les Tisserands");
      Session session = session(harness, centre, null, 10);
      StaffWeb web = new StaffWeb(harness);
      StaffWeb.Session coordinator = web.signIn(harness.staff(Role.COORDINATOR, Set.of(centre.id())));
      String list = "/staff/classes/" + session.id() + "/registrations";

      HttpResponse<Buffer> noConsent = web.post(coordinator, list, phoneForm("Famille Benali").set("consent", ""));
      assertThat(noConsent.statusCode()).isEqualTo(422);
      assertThat(noConsent.bodyAsString())
          .contains("id=\"consent-error\">Sans l’accord de la personne, on ne garde ni son numéro ni son adresse")
          .contains("value=\"Famille Benali\"").contains("value=\"06 12 34 56 78\"");
      HttpResponse<Buffer> badSize = web.post(coordinator, list,
          phoneForm("Famille Benali").set("householdSize", "beaucoup"));
      assertThat(badSize.statusCode()).isEqualTo(422);
      assertThat(badSize.bodyAsString())
          .contains("id=\"householdSize-error\">Indiquez un nombre de personnes entre 1 et 20.");
      HttpResponse<Buffer> badLanguage = web.post(coordinator, list, phoneForm("Famille Benali").set("language", "xx"));
      assertThat(badLanguage.statusCode()).isEqualTo(422);
      assertThat(badLanguage.bodyAsString()).contains("id=\"language-error\">Choisissez une langue dans la liste.");
      assertThat(count(harness, session)).isZero();

      // The same form sent twice (a double click) registers the family once.
      MultiMap form = phoneForm("Famille Benali");
      HttpResponse<Buffer> first = web.post(coordinator, list, form);
      HttpResponse<Buffer> second = web.post(coordinator, list, form);
      assertThat(first.statusCode()).isEqualTo(303);
      assertThat(second.getHeader("Location")).isEqualTo(first.getHeader("Location"));
      assertThat(count(harness, session)).isEqualTo(1);
      String family = web.get(coordinator, first.getHeader("Location")).bodyAsString();
      assertThat(family).contains("La famille est inscrite.").contains("href=\"tel:+33612345678\">06 12 34 56 78</a>");
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aFamilysLinkAndQrCodeAreShownOnlyUnderItsOwnClass(String database) throws Exception {
    try (HubHarness harness = HubHarness.start(database)) {
      Centre centre = harness.centre("Les Tisserands");
      Session cooking = session(harness, centre, null, 10);
      Session other = session(harness, centre, null, 10);
      Registration family = register(harness, cooking, "Famille Martin", null, false);
      StaffWeb web = new StaffWeb(harness);
      StaffWeb.Session coordinator = web.signIn(harness.staff(Role.COORDINATOR, Set.of(centre.id())));
      String path = "/staff/classes/" + cooking.id() + "/registrations/" + family.id();

      String page = web.get(coordinator, path).bodyAsString();
      String joinUrl = page.replaceAll("(?s).*id=\"join-url\" class=\"copy\" readonly value=\"([^\"]+)\".*", "$1");
      assertThat(joinUrl).startsWith(harness.hub.publicUrl() + "/j/");
      // The family's own page too, to read out when a family asks to see, cancel or erase: it opens.
      String manageUrl = page.replaceAll("(?s).*id=\"manage-url\" class=\"copy\" readonly value=\"([^\"]+)\".*", "$1");
      assertThat(manageUrl).startsWith(harness.hub.publicUrl() + "/r/");
      assertThat(harness.get(manageUrl.substring(manageUrl.indexOf("/r/"))).statusCode()).isEqualTo(200);
      HttpResponse<Buffer> qr = web.get(coordinator, path + "/qr.svg");
      assertThat(qr.getHeader("Content-Type")).isEqualTo("image/svg+xml");
      // The short link, in capitals in its QR code (the code's compact alphanumeric mode): both open the room.
      assertThat(joinUrl).matches(".*/j/[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}");
      String scanned = QrSvg.decode(qr.bodyAsString());
      assertThat(scanned).isEqualToIgnoringCase(joinUrl);
      assertThat(harness.get(joinUrl.substring(joinUrl.indexOf("/j/"))).statusCode()).isEqualTo(200);
      assertThat(harness.get(scanned.substring(scanned.indexOf("/J/"))).statusCode()).isEqualTo(200);

      String elsewhere = "/staff/classes/" + other.id() + "/registrations/" + family.id();
      assertThat(web.get(coordinator, elsewhere).statusCode()).isEqualTo(404);
      assertThat(web.get(coordinator, elsewhere + "/qr.svg").statusCode()).isEqualTo(404);
      assertThat(web.post(coordinator, elsewhere + "/cancel", MultiMap.caseInsensitiveMultiMap()).statusCode())
          .isEqualTo(404);
      assertThat(status(harness, cooking, family.id())).isEqualTo(RegistrationStatus.CONFIRMED);
      assertThat(web.get(coordinator, "/staff/classes/not-an-id/registrations").statusCode()).isEqualTo(404);
    }
  }
}
