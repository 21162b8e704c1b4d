package org.relais.hub.reminders;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.relais.hub.centres.Centre;
import org.relais.hub.outbox.MessageStatus;
import org.relais.hub.outbox.Outbox;
import org.relais.hub.outbox.OutboxMessage;
import org.relais.hub.registrations.RegistrationRequest;
import org.relais.hub.registrations.RegistrationService;
import org.relais.hub.schedule.Interval;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionDraft;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.hub.testing.HubHarness;
import org.relais.protocol.Category;
import org.relais.protocol.Role;
import org.relais.protocol.VideoMode;

/**
 * Families' e-mail through a real SMTP server (GreenMail) and texts into the local outbox file, from a whole hub:
 * the confirmation with its calendar file and link, the day-before reminder once at its time, following its
 * sitting when it moves, never sent when the sitting is cancelled. Time moves with the hub's clock.
 */
class RemindersMailTest {
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private GreenMail smtp;
  private HubHarness harness;

  static List<String> databases() {
    return org.relais.hub.testing.StoreTest.databases().toList();
  }

  @BeforeEach
  void startSmtp() {
    smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    smtp.start();
  }

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
    smtp.stop();
  }

  private void startHub(String database) {
    harness = HubHarness.start(database, Map.of("mail.host", "127.0.0.1",
        "mail.port", String.valueOf(smtp.getSmtp().getPort()), "mail.starttls", "disabled",
        "mail.from", "relais@centres.test", "outbox.worker", "false"));
  }

  /** A class on Thursday 26 November 2026 at 18:00 in Paris, then weekly for three more weeks. */
  private Session weeklyClass(Centre centre) {
    Instant start = ZonedDateTime.of(2026, 11, 26, 18, 0, 0, 0, PARIS).toInstant();
    return harness.hub.schedule().createTrusted(new SessionDraft("Gym douce", Category.SPORT, null, "fr", null,
        centre.id(), start, start.plus(Duration.ofHours(1)),
        new org.relais.hub.schedule.Recurrence(Set.of(java.time.DayOfWeek.THURSDAY), null, 4), 10,
        VideoMode.DIRECT, null)).await();
  }

  private RegistrationService.Registered register(Session session) {
    return harness.hub.registrations().register(session.id(), new RegistrationRequest("Famille Diallo",
        "diallo@example.org", "+33612345678", 2, true, "fr"), null).await();
  }

  private int deliver() {
    return harness.hub.reminders().worker().runOnce().await();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aFamilyOnTheWaitingListIsToldSoThenToldOfItsPlaceAndNotTwice(String database) throws Exception {
    startHub(database);
    Instant start = ZonedDateTime.of(2026, 11, 26, 18, 0, 0, 0, PARIS).toInstant();
    Session full = harness.hub.schedule().createTrusted(new SessionDraft("Couture", Category.DIGITAL_SKILLS, null,
        "fr", null, harness.centre("Centre social Les Tilleuls").id(), start, start.plus(Duration.ofHours(1)), null,
        1, VideoMode.DIRECT, null)).await();
    RegistrationService.Registered first = register(full);
    harness.hub.registrations().register(full.id(), new RegistrationRequest("Famille Haddad", "haddad@example.org",
        null, 1, true, "fr"), null).await();
    harness.hub.registrations().register(full.id(), new RegistrationRequest("Famille Roux", "roux@example.org",
        null, 1, true, "fr"), null).await();

    deliver();
    assertThat(subjects()).containsExactlyInAnyOrder("Inscription confirmée : Couture",
        "Liste d'attente : Couture", "Liste d'attente : Couture");
    for (MimeMessage waiting : smtp.getReceivedMessages()) {
      if (waiting.getSubject().startsWith("Liste d'attente")) {
        assertThat(text(waiting)).contains("vous êtes sur la liste d'attente");
      }
    }
    smtp.purgeEmailFromAllMailboxes();

    // The first family cancels: the next in line gets its place, once, and no second waiting-list notice.
    harness.hub.registrations().cancelByManageToken(first.manageToken()).await();
    deliver();
    assertThat(subjects()).containsExactly("Une place pour vous : Couture");
    assertThat(smtp.getReceivedMessages()[0].getAllRecipients()[0].toString()).isEqualTo("haddad@example.org");
  }

  @ParameterizedTest
  @MethodSource("databases")
  void confirmationArrivesWithCalendarAndLinkThenTheReminderOnceAtItsTime(String database) throws Exception {
    startHub(database);
    Centre centre = harness.centre("Centre social Les Tilleuls");
    Session session = weeklyClass(centre);
    RegistrationService.Registered registered = register(session);
    // The family's short link: the whole address at most 40 characters beyond the host.
    String link = registered.shortJoinUrl();
    assertThat(link.substring(harness.hub.publicUrl().toString().length())).matches("/?j/[0-9A-Z-]{14}");

    deliver();
    assertThat(smtp.getReceivedMessages()).hasSize(1);
    MimeMessage confirmation = smtp.getReceivedMessages()[0];
    assertThat(confirmation.getSubject()).isEqualTo("Inscription confirmée : Gym douce");
    assertThat(confirmation.getHeader("List-Unsubscribe")[0]).contains("/unsubscribe/");
    assertThat(confirmation.getMessageID()).contains("confirmed.");
    List<Part> parts = parts(confirmation);
    Part ics = null;
    for (Part part : parts) {
      if ("cours.ics".equals(part.getFileName())) {
        ics = part;
      }
    }
    assertThat(ics).as("the calendar file").isNotNull();
    assertThat(new String(ics.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .contains("BEGIN:VEVENT", "RRULE:FREQ=WEEKLY");
    assertThat(text(confirmation)).contains(link, "Centre social Les Tilleuls", "03 20 00 00 00");
    // The text went to the local outbox file, once.
    Path sms = harness.dataDir.resolve("outbox/sms.txt");
    assertThat(Files.readString(sms)).contains("To: +33612345678", "inscription confirmée");

    // Not a minute early; once at T-24h, and never again.
    Instant start = ZonedDateTime.of(2026, 11, 26, 18, 0, 0, 0, PARIS).toInstant();
    harness.clock.set(start.minus(Duration.ofHours(24)).minusSeconds(60));
    deliver();
    assertThat(smtp.getReceivedMessages()).hasSize(1);
    harness.clock.set(start.minus(Duration.ofHours(24)));
    deliver();
    deliver();
    assertThat(smtp.getReceivedMessages()).hasSize(2);
    assertThat(smtp.getReceivedMessages()[1].getSubject()).isEqualTo("Rappel : Gym douce demain");
    assertThat(text(smtp.getReceivedMessages()[1])).contains("jeudi 26 novembre à 18h00", link);
    assertThat(count(Files.readString(sms), "Rappel Centre social Les Tilleuls")).isEqualTo(1);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aMovedSittingsReminderMovesWithItAndACancelledOnesIsNeverSent(String database) throws Exception {
    startHub(database);
    Centre centre = harness.centre("Centre social Les Tilleuls");
    Session session = weeklyClass(centre);
    register(session);
    deliver();
    smtp.purgeEmailFromAllMailboxes();
    StaffPrincipal admin = new StaffPrincipal(harness.staff(Role.ADMIN, Set.of()).id(), Role.ADMIN, Set.of());

    // The first sitting moves two hours later: the families are told, and its reminder moves with it.
    Instant moved = ZonedDateTime.of(2026, 11, 26, 20, 0, 0, 0, PARIS).toInstant();
    harness.hub.sittings().reschedule(admin, session.id(), "2026-11-26",
        new Interval(moved, moved.plus(Duration.ofHours(1)))).await();
    deliver();
    assertThat(subjects()).containsExactly("Cours déplacé : Gym douce");
    assertThat(text(smtp.getReceivedMessages()[0])).contains("jeudi 26 novembre à 20h00");
    smtp.purgeEmailFromAllMailboxes();
    harness.clock.set(moved.minus(Duration.ofHours(24)).minusSeconds(1));
    deliver();
    assertThat(subjects()).isEmpty();
    harness.clock.set(moved.minus(Duration.ofHours(24)));
    deliver();
    assertThat(subjects()).containsExactly("Rappel : Gym douce demain");
    assertThat(text(smtp.getReceivedMessages()[0])).contains("20h00");
    smtp.purgeEmailFromAllMailboxes();

    // The next week's sitting: its reminders are planned as it comes near, then it is called off.
    Instant second = ZonedDateTime.of(2026, 12, 3, 18, 0, 0, 0, PARIS).toInstant();
    harness.clock.set(second.minus(Duration.ofHours(40)));
    assertThat(harness.hub.reminders().worker().planner().plan().await()).isEqualTo(4);
    assertThat(harness.hub.reminders().worker().planner().plan().await()).isZero();
    harness.hub.sittings().cancel(admin, session.id(), "2026-12-03").await();
    deliver();
    assertThat(subjects()).containsExactly("Cours annulé : Gym douce, jeudi 3 décembre à 18h00");
    smtp.purgeEmailFromAllMailboxes();
    harness.clock.set(second.minus(Duration.ofMinutes(15)));
    harness.hub.reminders().worker().planner().plan().await();
    deliver();
    assertThat(subjects()).isEmpty();
    Outbox outbox = harness.hub.reminders().outbox();
    List<OutboxMessage> ofSitting = outbox.ofSession(session.id(), java.util.Optional.of(LocalDate.of(2026, 12, 3)))
        .await().stream().map(Outbox.Listed::message).filter(m -> m.kind().isReminder()).toList();
    assertThat(ofSitting).hasSize(4).allSatisfy(m -> assertThat(m.status()).isEqualTo(MessageStatus.CANCELLED));
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aSeriesMovedToAnotherHourTakesTheNextSittingsRemindersWithIt(String database) throws Exception {
    startHub(database);
    Session session = weeklyClass(harness.centre("Centre social Les Tilleuls"));
    register(session);
    deliver();
    smtp.purgeEmailFromAllMailboxes();
    StaffPrincipal admin = new StaffPrincipal(harness.staff(Role.ADMIN, Set.of()).id(), Role.ADMIN, Set.of());

    // The whole series now starts an hour later: the next sitting's families are told, its reminder follows.
    SessionDraft was = session.draft();
    Instant later = was.start().plus(Duration.ofHours(1));
    harness.hub.schedule().update(admin, session.id(), new SessionDraft(was.title(), was.category(),
        was.description(), was.language(), was.instructorId(), was.centreId(), later, was.end().plus(Duration.ofHours(1)),
        was.recurrence(), was.homeCapacity(), was.videoMode(), was.accessibility()), session.version()).await();
    deliver();
    assertThat(subjects()).containsExactly("Cours déplacé : Gym douce");
    assertThat(text(smtp.getReceivedMessages()[0])).contains("jeudi 26 novembre à 19h00");
    smtp.purgeEmailFromAllMailboxes();
    harness.clock.set(later.minus(Duration.ofHours(24)).minusSeconds(1));
    deliver();
    assertThat(subjects()).isEmpty();
    harness.clock.set(later.minus(Duration.ofHours(24)));
    deliver();
    assertThat(subjects()).containsExactly("Rappel : Gym douce demain");
    assertThat(text(smtp.getReceivedMessages()[0])).contains("19h00");
  }

  @ParameterizedTest
  @MethodSource("databases")
  void theUnsubscribeLinkOptsTheAddressOutOfEveryLaterEmail(String database) throws Exception {
    startHub(database);
    Session session = weeklyClass(harness.centre("Centre social Les Tilleuls"));
    RegistrationService.Registered registered = register(session);
    deliver();
    String unsubscribe = smtp.getReceivedMessages()[0].getHeader("List-Unsubscribe")[0];
    String path = unsubscribe.substring(unsubscribe.indexOf("/unsubscribe/"), unsubscribe.length() - 1);
    // Mail headers are read by providers and forwarders: they must not carry what cancels or erases.
    String manageToken = registered.manageToken();
    assertThat(com.icegreen.greenmail.util.GreenMailUtil.getWholeMessage(smtp.getReceivedMessages()[0]))
        .doesNotContain(manageToken);
    String unsubscribeToken = path.substring("/unsubscribe/".length());
    assertThat(unsubscribeToken).isNotEqualTo(manageToken);
    assertThat(harness.get("/r/" + unsubscribeToken).statusCode()).isEqualTo(404);
    assertThat(harness.get(UnsubscribePages.PATH + manageToken).statusCode()).isEqualTo(404);
    // Opening the link changes nothing (mail scanners open links); the one-click POST does.
    assertThat(harness.get(path).bodyAsString()).contains("Me désabonner", "diallo@example.org");
    assertThat(harness.hub.reminders().outbox().isUnsubscribed("diallo@example.org").await()).isFalse();
    assertThat(harness.http.post(path).sendForm(io.vertx.core.MultiMap.caseInsensitiveMultiMap()
        .add("List-Unsubscribe", "One-Click")).await().statusCode()).isEqualTo(200);
    assertThat(harness.hub.reminders().outbox().isUnsubscribed("Diallo@example.org").await()).isTrue();
    // Opened again, the link says so rather than offering the button again.
    assertThat(harness.get(path).bodyAsString()).contains("déjà désabonnée", "diallo@example.org")
        .doesNotContain("<button");
    assertThat(harness.get("/unsubscribe/not-a-token").statusCode()).isEqualTo(404);

    smtp.purgeEmailFromAllMailboxes();
    harness.clock.set(ZonedDateTime.of(2026, 11, 25, 18, 0, 0, 0, PARIS).toInstant());
    deliver();
    assertThat(smtp.getReceivedMessages()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aPromotedFamilyIsToldItHasAPlaceAndACancelledSeriesIsAnnouncedOnce(String database) throws Exception {
    startHub(database);
    Centre centre = harness.centre("Centre social Les Tilleuls");
    Instant start = ZonedDateTime.of(2026, 11, 26, 18, 0, 0, 0, PARIS).toInstant();
    Session session = harness.hub.schedule().createTrusted(new SessionDraft("Cuisine", Category.COOKING, null, "fr",
        null, centre.id(), start, start.plus(Duration.ofHours(1)), null, 1, VideoMode.DIRECT, null)).await();
    RegistrationService.Registered first = register(session);
    harness.hub.registrations().register(session.id(), new RegistrationRequest("Famille Martin",
        "martin@example.org", null, 1, true, "en"), null).await();
    deliver();
    assertThat(subjects()).containsExactlyInAnyOrder("Inscription confirmée : Cuisine", "Waiting list: Cuisine");
    smtp.purgeEmailFromAllMailboxes();

    harness.hub.registrations().cancelByManageToken(first.manageToken()).await();
    deliver();
    assertThat(subjects()).containsExactly("A place for you: Cuisine");
    assertThat(smtp.getReceivedMessages()[0].getAllRecipients()[0].toString()).isEqualTo("martin@example.org");
    smtp.purgeEmailFromAllMailboxes();

    StaffPrincipal admin = new StaffPrincipal(harness.staff(Role.ADMIN, Set.of()).id(), Role.ADMIN, Set.of());
    harness.hub.schedule().cancel(admin, session.id()).await();
    deliver();
    deliver();
    assertThat(subjects()).containsExactly("Classes cancelled: Cuisine");
    harness.clock.set(start.minus(Duration.ofMinutes(15)));
    deliver();
    assertThat(subjects()).containsExactly("Classes cancelled: Cuisine");
  }

  private List<String> subjects() throws Exception {
    List<String> subjects = new ArrayList<>();
    for (MimeMessage message : smtp.getReceivedMessages()) {
      subjects.add(message.getSubject());
    }
    return subjects;
  }

  private static int count(String text, String part) {
    return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
  }

  static List<Part> parts(Part part) throws Exception {
    List<Part> all = new ArrayList<>();
    all.add(part);
    if (part.getContent() instanceof Multipart multipart) {
      for (int i = 0; i < multipart.getCount(); i++) {
        all.addAll(parts(multipart.getBodyPart(i)));
      }
    }
    return all;
  }

  static String text(Part message) throws Exception {
    for (Part part : parts(message)) {
      if (part.isMimeType("text/plain") && part.getFileName() == null) {
        return part.getContent().toString();
      }
    }
    throw new IOException("no text part");
  }
}
