package org.relais.hub.deliveries;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.relais.hub.centres.Centre;
import org.relais.hub.outbox.MessageKind;
import org.relais.hub.outbox.MessageStatus;
import org.relais.hub.outbox.Outbox;
import org.relais.hub.registrations.RegistrationRequest;
import org.relais.hub.reminders.Reminders;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionDraft;
import org.relais.hub.sms.DeliveryReport;
import org.relais.hub.sms.DeliveryState;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.StaffWeb;
import org.relais.hub.testing.TestDatabase;
import org.relais.protocol.Category;
import org.relais.protocol.Role;
import org.relais.protocol.VideoMode;

/**
 * The messages pages and the free message over HTTP, on each database: who may look and who may write (each role
 * of each centre tried, a refused write leaving nothing behind), a bad text answered next to its field with nothing
 * written, the same form sent twice writing once, and what the page says of a delivered, a failed and a skipped
 * message.
 */
class DeliveryPagesTest {
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  static Stream<String> databases() {
    return TestDatabase.kinds();
  }

  private record Member(String who, StaffMember member, boolean sees, boolean writes) {}

  private static Session session(HubHarness harness, Centre centre, UUID instructorId) {
    Instant start = harness.clock.instant().plus(Duration.ofDays(2));
    return harness.hub.schedule().createTrusted(new SessionDraft("Cuisine du monde", Category.COOKING, null, "fr",
        instructorId, centre.id(), start, start.plus(Duration.ofHours(2)), null, 10, VideoMode.JITSI, null))
        .await();
  }

  private static void register(HubHarness harness, Session session, String name, String email, String phone,
      boolean consent) {
    harness.hub.registrations().register(session.id(), new RegistrationRequest(name, email, phone, 2, consent, "fr"),
        null).await();
  }

  private static LocalDate date(Session session) {
    return session.draft().start().atZone(PARIS).toLocalDate();
  }

  private static List<Outbox.Listed> free(HubHarness harness, Session session) {
    return harness.hub.reminders().outbox().ofSession(session.id(), Optional.of(date(session))).await().stream()
        .filter(l -> l.message().kind() == MessageKind.FREE_MESSAGE).toList();
  }

  private static MultiMap form(String text, String token, String step) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("text", text).add("formToken", token);
    return step == null ? form : form.add("step", step);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void thoseWhoRunTheClassSeeItsMessagesAndOnlyCoordinatorsWrite(String database) {
    try (HubHarness harness = HubHarness.start(database, Map.of("outbox.worker", "false"))) {
      Centre tisserands = harness.centre("Les Tisserands");
      Centre tilleuls = harness.centre("Les Tilleuls");
      StaffMember instructor = harness.staff(Role.INSTRUCTOR, Set.of());
      Session session = session(harness, tisserands, instructor.id());
      register(harness, session, "Mme Dupont", null, "06 12 34 56 78", true);
      List<Member> table = List.of(
          new Member("admin", harness.staff(Role.ADMIN, Set.of()), true, true),
          new Member("coordinator of the centre", harness.staff(Role.COORDINATOR, Set.of(tisserands.id())), true,
              true),
          new Member("instructor of the class", instructor, true, false),
          new Member("coordinator of another centre", harness.staff(Role.COORDINATOR, Set.of(tilleuls.id())),
              false, false),
          new Member("another instructor", harness.staff(Role.INSTRUCTOR, Set.of()), false, false),
          new Member("animator of the centre", harness.staff(Role.ANIMATOR, Set.of(tisserands.id())), false, false));
      StaffWeb web = new StaffWeb(harness);
      String sitting = DeliveryPages.sittingPath(session.id(), date(session));
      List<String> outcomes = new ArrayList<>();
      List<String> wanted = new ArrayList<>();
      for (Member row : table) {
        StaffWeb.Session browser = web.signIn(row.member());
        HttpResponse<Buffer> classPage = web.get(browser, DeliveryPages.classPath(session.id()));
        HttpResponse<Buffer> sittingPage = web.get(browser, sitting);
        outcomes.add(row.who() + " class " + classPage.statusCode() + " sitting " + sittingPage.statusCode());
        wanted.add(row.who() + " class " + (row.sees() ? 200 : 403) + " sitting " + (row.sees() ? 200 : 403));
        assertThat(classPage.bodyAsString().contains("Mme Dupont")).isEqualTo(row.sees());
        assertThat(sittingPage.bodyAsString().contains("name=\"text\"")).as(row.who()).isEqualTo(row.writes());
        // One family: said in the singular, in each language of the staff's pages.
        assertThat(sittingPage.bodyAsString().contains(
            "1 famille inscrite : 1 par SMS, 0 par courriel, 0 sans moyen de les joindre.")).as(row.who())
            .isEqualTo(row.writes());
        if (row.writes()) {
          assertThat(web.get(browser, sitting + "?lang=en").bodyAsString())
              .contains("1 family registered: 1 by SMS, 0 by e-mail, 0 with no way to reach them.");
        }

        int before = free(harness, session).size();
        HttpResponse<Buffer> preview = web.post(browser, sitting, form("Salle 2", UUID.randomUUID().toString(),
            null));
        HttpResponse<Buffer> sent = web.post(browser, sitting, form("Salle 2 pour " + row.who(),
            UUID.randomUUID().toString(), "send"));
        // A refusal says nothing of the text: an empty one is refused the same.
        HttpResponse<Buffer> empty = web.post(browser, sitting, form(" ", UUID.randomUUID().toString(), "send"));
        outcomes.add(row.who() + " preview " + preview.statusCode() + " send " + sent.statusCode() + " empty "
            + empty.statusCode());
        wanted.add(row.who() + " preview " + (row.writes() ? 200 : 403) + " send " + (row.writes() ? 303 : 403)
            + " empty " + (row.writes() ? 422 : 403));
        assertThat(free(harness, session)).hasSize(before + (row.writes() ? 1 : 0));
      }
      assertThat(outcomes).containsExactlyElementsOf(wanted);

      StaffWeb.Session coordinator = web.signIn(table.get(1).member());
      assertThat(web.get(coordinator, "/staff/classes/" + session.id() + "/sittings/2031-01-01/messages")
          .statusCode()).isEqualTo(404);
      assertThat(web.get(coordinator, "/staff/classes/not-a-class/messages").statusCode()).isEqualTo(404);
      assertThat(web.postWithToken(coordinator, sitting, form("Sans jeton", UUID.randomUUID().toString(), "send"))
          .statusCode()).isEqualTo(403);
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aBadTextIsAnsweredNextToItsFieldAndTheSameFormSendsOnce(String database) throws Exception {
    try (HubHarness harness = HubHarness.start(database, Map.of("outbox.worker", "false"))) {
      Centre centre = harness.centre("Centre social Les Tilleuls");
      Session session = session(harness, centre, null);
      register(harness, session, "Mme Dupont", null, "06 12 34 56 78", true);
      register(harness, session, "Famille Nguyen", "nguyen@example.org", "07 98 76 54 32", true);
      register(harness, session, "M. Lefebvre", null, null, false);
      StaffWeb web = new StaffWeb(harness);
      StaffWeb.Session coordinator = web.signIn(harness.staff(Role.COORDINATOR, Set.of(centre.id())));
      String sitting = DeliveryPages.sittingPath(session.id(), date(session));

      for (String bad : List.of("", "   ", "x".repeat(301))) {
        HttpResponse<Buffer> refused = web.post(coordinator, sitting, form(bad, UUID.randomUUID().toString(),
            "send"));
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.bodyAsString()).contains("id=\"text-error\"", "Écrivez un message de 1 à 300 caractères.",
            "aria-invalid=\"true\"");
      }
      assertThat(free(harness, session)).isEmpty();

      String token = UUID.randomUUID().toString();
      String text = "Le cours est déplacé dans la salle 2.";
      HttpResponse<Buffer> preview = web.post(coordinator, sitting, form(text, token, null));
      assertThat(preview.statusCode()).isEqualTo(200);
      assertThat(preview.bodyAsString()).contains("Envoyer ce message ?", text,
          "3 familles inscrites : 2 par SMS, 1 par courriel, 1 sans moyen de les joindre.", "1 SMS");
      assertThat(free(harness, session)).isEmpty();

      HttpResponse<Buffer> first = web.post(coordinator, sitting, form(text, token, "send"));
      HttpResponse<Buffer> second = web.post(coordinator, sitting, form(text, token, "send"));
      assertThat(first.statusCode()).isEqualTo(303);
      assertThat(first.getHeader("Location")).endsWith("notice=free_message_sent");
      assertThat(second.getHeader("Location")).endsWith("notice=free_message_repeated");
      List<Outbox.Listed> written = free(harness, session);
      assertThat(written).extracting(l -> l.displayName() + " " + l.message().channel())
          .containsExactlyInAnyOrder("Mme Dupont SMS", "Famille Nguyen SMS", "Famille Nguyen EMAIL");
      // Delivered through the composer: the e-mail carries the text, the centre's name and the family's link.
      harness.hub.reminders().worker().runOnce().await();
      Path mail;
      try (Stream<Path> files = Files.list(Reminders.outboxDir(harness.dataDir).resolve("mail"))) {
        mail = files.filter(f -> f.getFileName().toString().startsWith("free.message.")).findFirst().orElseThrow();
      }
      assertThat(Files.readString(mail)).contains("To: nguyen@example.org", "Subject: =?", "salle 2",
          "Centre social Les Tilleuls", "/j/");
      HttpResponse<Buffer> page = web.get(coordinator, sitting + "?notice=free_message_sent");
      assertThat(page.bodyAsString()).contains("Message envoyé", "<q>" + "Le cours est déplacé dans la salle 2."
          + "</q>", "Message libre");

      // Once the sitting is over, nothing more goes to its families, and the page says why.
      harness.clock.set(session.draft().end().plusSeconds(1));
      StaffWeb.Session later = web.signIn(harness.staff(Role.COORDINATOR, Set.of(centre.id())));
      HttpResponse<Buffer> late = web.post(later, sitting, form("Merci d'être venus", UUID.randomUUID()
          .toString(), "send"));
      assertThat(late.statusCode()).isEqualTo(422);
      assertThat(late.bodyAsString()).contains("Cette séance est passée : le message n’a pas été envoyé.")
          .doesNotContain("name=\"text\"");
      assertThat(free(harness, session)).hasSize(3);
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void thePreviewSaysHowManyPartsAnArabicFamilysCopyTakes(String database) {
    try (HubHarness harness = HubHarness.start(database, Map.of("outbox.worker", "false"))) {
      Centre centre = harness.centre("Centre social Les Tilleuls");
      Session session = session(harness, centre, harness.staff(Role.INSTRUCTOR, Set.of()).id());
      register(harness, session, "Mme Dupont", null, "06 12 34 56 78", true);
      StaffWeb web = new StaffWeb(harness);
      String sitting = DeliveryPages.sittingPath(session.id(), date(session));
      StaffWeb.Session coordinator = web.signIn(harness.staff(Role.COORDINATOR, Set.of(centre.id())));
      String text = "Le cours est deplace dans la salle 2.";
      assertThat(web.post(coordinator, sitting, form(text, UUID.randomUUID().toString(), null)).bodyAsString())
          .contains("1 SMS").doesNotContain("arabe");
      harness.hub.registrations().register(session.id(), new RegistrationRequest("Famille Haddad", null,
          "06 55 44 33 22", 2, true, "ar"), null).await();
      assertThat(web.post(coordinator, sitting, form(text, UUID.randomUUID().toString(), null)).bodyAsString())
          .contains("Pour les familles qui lisent l’arabe", "environ 2 SMS");
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void theSittingPageSaysWhatBecameOfEachMessageAndWhoToCall(String database) {
    try (HubHarness harness = HubHarness.start(database, Map.of("outbox.worker", "false"))) {
      Centre centre = harness.centre("Centre social Les Tilleuls");
      StaffMember instructor = harness.staff(Role.INSTRUCTOR, Set.of());
      Session session = session(harness, centre, instructor.id());
      register(harness, session, "Mme Dupont", null, "06 12 34 56 78", true);
      register(harness, session, "Famille Traoré", null, "06 55 44 33 22", true);
      register(harness, session, "Famille Nguyen", null, "07 98 76 54 32", true);
      Outbox outbox = harness.hub.reminders().outbox();
      outbox.optOut("07 98 76 54 32", "sms").await();
      StaffWeb web = new StaffWeb(harness);
      String sitting = DeliveryPages.sittingPath(session.id(), date(session));
      StaffWeb.Session coordinator = web.signIn(harness.staff(Role.COORDINATOR, Set.of(centre.id())));
      web.post(coordinator, sitting, form("Salle 2 aujourd'hui.", UUID.randomUUID().toString(), "send"));
      harness.hub.reminders().worker().runOnce().await();
      Outbox.Listed traore = free(harness, session).stream().filter(l -> l.displayName().equals("Famille Traoré"))
          .findFirst().orElseThrow();
      outbox.report(new DeliveryReport(traore.message().providerMessageId().orElseThrow(), DeliveryState.FAILED,
          Optional.of("unknown number"), harness.clock.instant())).await();
      assertThat(free(harness, session)).extracting(l -> l.displayName() + " " + l.message().status())
          .containsExactlyInAnyOrder("Mme Dupont " + MessageStatus.DELIVERED, "Famille Traoré " + MessageStatus.FAILED,
              "Famille Nguyen " + MessageStatus.SKIPPED);

      // The instructor sees it all, and has no form to write with.
      String page = web.get(web.signIn(instructor), sitting).bodyAsString();
      assertThat(page).contains("Familles à appeler (1)", "<strong>Famille Traoré</strong>",
          "href=\"tel:+33655443322\">06 55 44 33 22</a>", "Échec le", "unknown number", "Reçu le",
          "Non envoyé, le", "la famille a répondu STOP (plus de SMS)").doesNotContain("name=\"text\"");
      // Nguyen's reminders still to go will be skipped by the worker: the page says so now, not "Prévu".
      assertThat(page).contains("Ne partira pas — était prévu le");
      assertThat(page.split("Ne partira pas", -1).length - 1).isEqualTo(
          (int) harness.hub.reminders().outbox().ofSession(session.id(), Optional.empty()).await().stream()
              .filter(l -> l.displayName().equals("Famille Nguyen") && l.message().status() == MessageStatus.PENDING
                  && l.message().sittingDate().equals(Optional.of(date(session)))).count());
      String classPage = web.get(web.signIn(instructor), DeliveryPages.classPath(session.id())).bodyAsString();
      assertThat(classPage).contains("Inscription et toute la série", "Inscription confirmée", "Message libre",
          "Familles à appeler (1)");
    }
  }
}
