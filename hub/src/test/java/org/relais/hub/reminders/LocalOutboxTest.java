package org.relais.hub.reminders;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.relais.hub.registrations.RegistrationRequest;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionDraft;
import org.relais.hub.testing.HubHarness;
import org.relais.protocol.Category;
import org.relais.protocol.VideoMode;

/**
 * The embedded default, as the demo runs it: no SMTP server, no SMS provider. A family registering with a phone
 * number, an e-mail address and its consent finds the confirmation and both reminders in the local outbox.
 */
class LocalOutboxTest {
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  @Test
  void aFamilyGetsItsConfirmationAndBothRemindersInTheLocalOutbox() throws Exception {
    try (HubHarness harness = HubHarness.start("h2", Map.of("outbox.worker", "false"))) {
      Instant start = ZonedDateTime.of(2026, 11, 24, 18, 0, 0, 0, PARIS).toInstant();
      Session session = harness.hub.schedule().createTrusted(new SessionDraft("Atelier numérique",
          Category.LANGUAGE, null, "fr", null, harness.centre("Centre social Les Tilleuls").id(), start,
          start.plus(Duration.ofHours(1)), null, 8, VideoMode.DIRECT, null)).await();
      harness.hub.registrations().register(session.id(), new RegistrationRequest("Mme Dupont",
          "dupont@example.org", "06 12 34 56 78", 1, true, "fr"), null).await();
      OutboxWorker worker = harness.hub.reminders().worker();
      worker.runOnce().await();
      harness.clock.set(start.minus(Duration.ofHours(24)));
      worker.runOnce().await();
      harness.clock.set(start.minus(Duration.ofMinutes(15)));
      worker.runOnce().await();

      Path outbox = Reminders.outboxDir(harness.dataDir);
      String texts = Files.readString(outbox.resolve("sms.txt"));
      assertThat(texts).contains("To: +33612345678", "Centre social Les Tilleuls: inscription confirmée à "
          + "\"Atelier numérique\", mar. 24/11 18h00", "Rappel Centre social Les Tilleuls: \"Atelier numérique\" "
          + "demain mar. 24/11 18h00", "Le cours \"Atelier numérique\" commence.");
      assertThat(texts.split("\n--- ", -1)).hasSize(3);
      // Each text carries the family's short link and fits one GSM-7 SMS.
      String shortLink = harness.hub.publicUrl().resolve("/j/").toString() + "[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}";
      for (String block : texts.split("(?m)^--- ")) {
        if (!block.isBlank()) {
          String text = block.substring(block.indexOf("\n", block.indexOf("To: ")) + 1).strip();
          assertThat(SmsLength.isGsm7(text)).as(text).isTrue();
          assertThat(SmsLength.parts(text)).as(text).isEqualTo(1);
        }
      }
      assertThat(texts).containsPattern(shortLink);
      List<Path> mails;
      try (Stream<Path> files = Files.list(outbox.resolve("mail"))) {
        mails = files.sorted().toList();
      }
      assertThat(mails).hasSize(3).allSatisfy(mail -> assertThat(mail.toString()).endsWith(".eml"));
      String confirmation = Files.readString(mails.stream().filter(p -> p.getFileName().toString()
          .startsWith("confirmed.")).findFirst().orElseThrow());
      assertThat(confirmation).contains("To: dupont@example.org", "List-Unsubscribe: <http://localhost:",
          "Content-Type: text/calendar", "cours.ics");
    }
  }
}
