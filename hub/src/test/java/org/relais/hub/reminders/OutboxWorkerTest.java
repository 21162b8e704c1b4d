package org.relais.hub.reminders;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.relais.hub.centres.Centre;
import org.relais.hub.outbox.Channel;
import org.relais.hub.outbox.MessageKind;
import org.relais.hub.outbox.MessageStatus;
import org.relais.hub.outbox.Outbox;
import org.relais.hub.outbox.OutboxMessage;
import org.relais.hub.registrations.Registration;
import org.relais.hub.registrations.RegistrationRequest;
import org.relais.hub.registrations.RegistrationStore;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionDraft;
import org.relais.hub.sms.DeliveryState;
import org.relais.hub.sms.SmsGateway;
import org.relais.hub.sms.SmsLine;
import org.relais.hub.sms.SmsLines;
import org.relais.hub.sms.SmsReceipt;
import org.relais.hub.sms.SmsRefused;
import org.relais.hub.sms.SmsRequest;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.StoreTest;
import org.relais.protocol.Category;
import org.relais.protocol.VideoMode;

/**
 * The worker's rules for texts, with a gateway standing in for a provider: quiet hours, the daily cap, retries
 * with a growing delay, a final refusal, a message interrupted between sending and marking, two workers on one
 * database. Workers are built here on a hub's services (its own worker is off), time moved with its clock.
 */
class OutboxWorkerTest {
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private static final String SHORT_LINK = "https://relais.example/j/7KQ2-M9XD";
  private HubHarness harness;

  static List<String> databases() {
    return StoreTest.databases().toList();
  }

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  /** Stands in for a provider: records what it is handed; fails or refuses when told to. */
  static final class FakeGateway implements SmsGateway {
    final List<SmsRequest> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger failuresLeft = new AtomicInteger();
    volatile boolean refuse;

    @Override
    public Future<SmsReceipt> send(SmsRequest request) {
      if (refuse) {
        return Future.failedFuture(new SmsRefused("number not served"));
      }
      if (failuresLeft.getAndDecrement() > 0) {
        return Future.failedFuture(new IllegalStateException("provider unreachable"));
      }
      requests.add(request);
      return Future.succeededFuture(new SmsReceipt("p-" + requests.size(), DeliveryState.QUEUED));
    }

    long sentWith(String key) {
      return requests.stream().filter(r -> r.idempotencyKey().equals(key)).count();
    }
  }

  private Outbox outbox() {
    return harness.hub.reminders().outbox();
  }

  private OutboxWorker worker(SmsGateway gateway, int dailyCap, boolean takesKey) {
    RemindersConfig config = new RemindersConfig(false, Duration.ofSeconds(5), 50, Duration.ofMinutes(2), 4,
        Duration.ofMinutes(1), Duration.ofHours(1), LocalTime.of(21, 0), LocalTime.of(8, 0), dailyCap,
        Duration.ofHours(48), Duration.ofMinutes(10));
    SmsLines lines = SmsLines.everyCentre(new SmsLine(gateway, dailyCap, takesKey));
    MessageComposer composer = new MessageComposer(new RegistrationStore(outbox().pool(), harness.clock),
        harness.hub.schedule(), harness.hub.sittings(), harness.hub.centres(), outbox(), lines, new Notices(PARIS),
        (registration, session) -> Future.succeededFuture(SHORT_LINK), id -> "https://relais.example/u/" + id);
    return new OutboxWorker(outbox(), composer, new ReminderPlanner(outbox(), harness.hub.schedule(),
        harness.hub.sittings(), config.horizon(), harness.clock),
        new Mailer(harness.hub.vertx(), new MailConfig(Optional.empty(), 25, MailConfig.StartTls.DISABLED,
            Optional.empty(), Optional.empty(), "relais@centres.test"), harness.dataDir.resolve("mail")),
        config, new QuietHours(config.quietFrom(), config.quietUntil(), PARIS), new SimpleMeterRegistry(),
        harness.clock);
  }

  private Session classAt(Centre centre, ZonedDateTime start, int capacity) {
    return harness.hub.schedule().createTrusted(new SessionDraft("Anglais", Category.LANGUAGE, null, "fr", null,
        centre.id(), start.toInstant(), start.toInstant().plus(Duration.ofHours(1)), null, capacity,
        VideoMode.DIRECT, null)).await();
  }

  private Registration family(Session session, int n) {
    return harness.hub.registrations().register(session.id(), new RegistrationRequest("Famille " + n, null,
        String.format("+336120000%02d", n), 1, true, "fr"), null).await().registration();
  }

  private OutboxMessage message(MessageKind kind, Registration registration, Session session) {
    Optional<java.time.LocalDate> date = kind.isReminder()
        ? Optional.of(session.draft().start().atZone(PARIS).toLocalDate()) : Optional.empty();
    return outbox().find(OutboxMessage.key(kind, registration.id(), date, Channel.SMS)).await().orElseThrow();
  }

  private void start(String database) {
    harness = HubHarness.start(database, Map.of("outbox.worker", "false"));
  }

  @ParameterizedTest
  @MethodSource("databases")
  void quietHoursHoldTextsUntilMorningButTheClassIsStarting(String database) {
    start(database);
    Session session = classAt(harness.centre("Centre Nord"), ZonedDateTime.of(2026, 11, 26, 7, 30, 0, 0, PARIS), 5);
    Registration family = family(session, 1);
    FakeGateway gateway = new FakeGateway();
    OutboxWorker worker = worker(gateway, 200, false);
    worker.runOnce().await();
    assertThat(gateway.requests).hasSize(1);

    harness.clock.set(ZonedDateTime.of(2026, 11, 25, 7, 30, 0, 0, PARIS).toInstant());
    worker.runOnce().await();
    assertThat(gateway.requests).hasSize(1);
    OutboxMessage held = message(MessageKind.REMINDER_DAY_BEFORE, family, session);
    assertThat(held.status()).isEqualTo(MessageStatus.PENDING);
    assertThat(held.reason()).contains("quiet hours: deferred");
    assertThat(held.nextAttemptAt()).isEqualTo(ZonedDateTime.of(2026, 11, 25, 8, 0, 0, 0, PARIS).toInstant());

    harness.clock.set(held.nextAttemptAt());
    worker.runOnce().await();
    assertThat(gateway.requests).hasSize(2);
    assertThat(gateway.requests.get(1).text()).startsWith("Rappel Centre Nord: \"Anglais\" demain jeu. 26/11 07h30");

    // 07:15, still quiet: "le cours commence" goes all the same.
    harness.clock.set(ZonedDateTime.of(2026, 11, 26, 7, 15, 0, 0, PARIS).toInstant());
    worker.runOnce().await();
    assertThat(gateway.requests).hasSize(3);
    assertThat(gateway.requests.get(2).text()).isEqualTo("Le cours \"Anglais\" commence. Lien: " + SHORT_LINK);
    assertThat(message(MessageKind.REMINDER_STARTING, family, session).status()).isEqualTo(MessageStatus.SENT);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void anUrgentFreeMessagePassesQuietHoursAndAnOrdinaryOneWaitsForMorning(String database) {
    start(database);
    Session session = classAt(harness.centre("Centre Nord"), ZonedDateTime.of(2026, 11, 26, 10, 0, 0, 0, PARIS), 5);
    family(session, 1);
    FakeGateway gateway = new FakeGateway();
    OutboxWorker worker = worker(gateway, 200, false);
    worker.runOnce().await();
    int before = gateway.requests.size();
    // 06:30 on the day, quiet hours: the room has moved.
    harness.clock.set(ZonedDateTime.of(2026, 11, 26, 6, 30, 0, 0, PARIS).toInstant());
    java.time.LocalDate date = java.time.LocalDate.of(2026, 11, 26);
    for (MessageKind kind : new MessageKind[] {MessageKind.FREE_MESSAGE, MessageKind.FREE_MESSAGE_URGENT}) {
      outbox().pool().withTransaction(tx -> org.relais.hub.outbox.FreeMessages.store(tx, session.id(), date,
              kind.name(), kind == MessageKind.FREE_MESSAGE ? "Ordinaire" : "Salle 2", java.util.UUID.randomUUID(),
              harness.clock.instant())
          .compose(stored -> outbox().enqueueForSession(tx, kind, session.id(), Optional.of(date),
              org.relais.hub.outbox.FreeMessages.keyVariant(stored.orElseThrow().id()), harness.clock.instant())))
          .await();
    }
    worker.runOnce().await();
    assertThat(gateway.requests).hasSize(before + 1);
    assertThat(gateway.requests.get(before).text()).isEqualTo("Centre Nord: Salle 2\nLien: " + SHORT_LINK);

    harness.clock.set(ZonedDateTime.of(2026, 11, 26, 8, 0, 0, 0, PARIS).toInstant());
    worker.runOnce().await();
    assertThat(gateway.requests.stream().map(SmsRequest::text)).contains("Centre Nord: Ordinaire\nLien: " + SHORT_LINK);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aCentresTextsOverItsDailyCapWaitForTheNextDay(String database) {
    start(database);
    Session session = classAt(harness.centre("Centre Sud"), ZonedDateTime.of(2026, 11, 28, 10, 0, 0, 0, PARIS), 5);
    List<Registration> families = List.of(family(session, 1), family(session, 2), family(session, 3));
    FakeGateway gateway = new FakeGateway();
    OutboxWorker worker = worker(gateway, 2, false);
    worker.runOnce().await();
    assertThat(gateway.requests).hasSize(2);
    OutboxMessage third = families.stream().map(f -> message(MessageKind.CONFIRMED, f, session))
        .filter(m -> m.status() == MessageStatus.PENDING).findFirst().orElseThrow();
    assertThat(third.reason()).hasValueSatisfying(reason -> assertThat(reason).startsWith("daily cap reached"));
    assertThat(third.nextAttemptAt()).isEqualTo(ZonedDateTime.of(2026, 11, 24, 8, 0, 0, 0, PARIS).toInstant());

    harness.clock.set(third.nextAttemptAt());
    worker.runOnce().await();
    assertThat(gateway.requests).hasSize(3);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aFailedSendIsRetriedLaterEachTimeAndARefusalIsFinal(String database) {
    start(database);
    Session session = classAt(harness.centre("Centre Est"), ZonedDateTime.of(2026, 11, 28, 10, 0, 0, 0, PARIS), 5);
    Registration family = family(session, 1);
    FakeGateway gateway = new FakeGateway();
    gateway.failuresLeft.set(2);
    OutboxWorker worker = worker(gateway, 200, false);
    Instant first = harness.clock.instant();
    worker.runOnce().await();
    OutboxMessage once = message(MessageKind.CONFIRMED, family, session);
    assertThat(once.status()).isEqualTo(MessageStatus.PENDING);
    assertThat(once.attempts()).isEqualTo(1);
    assertThat(once.nextAttemptAt()).isEqualTo(first.plus(Duration.ofMinutes(1)));
    assertThat(once.reason()).contains("failed: provider unreachable");

    harness.clock.set(first.plusSeconds(59));
    worker.runOnce().await();
    assertThat(message(MessageKind.CONFIRMED, family, session).attempts()).isEqualTo(1);
    harness.clock.set(first.plusSeconds(60));
    worker.runOnce().await();
    OutboxMessage twice = message(MessageKind.CONFIRMED, family, session);
    assertThat(twice.attempts()).isEqualTo(2);
    assertThat(twice.nextAttemptAt()).isEqualTo(first.plusSeconds(60).plus(Duration.ofMinutes(2)));
    harness.clock.set(twice.nextAttemptAt());
    worker.runOnce().await();
    assertThat(message(MessageKind.CONFIRMED, family, session).status()).isEqualTo(MessageStatus.SENT);
    assertThat(gateway.requests).hasSize(1);

    // Another family whose number the provider refuses: FAILED at once, with the reason, never retried.
    Registration refused = family(session, 2);
    gateway.refuse = true;
    worker.runOnce().await();
    OutboxMessage failed = message(MessageKind.CONFIRMED, refused, session);
    assertThat(failed.status()).isEqualTo(MessageStatus.FAILED);
    assertThat(failed.reason()).contains("refused: number not served");
    assertThat(failed.attempts()).isEqualTo(1);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aMessageInterruptedBetweenSendingAndMarkingIsLeftToStaffWhereTheGatewayTakesNoKey(String database) {
    start(database);
    Session session = classAt(harness.centre("Centre Ouest"), ZonedDateTime.of(2026, 11, 28, 10, 0, 0, 0, PARIS),
        5);
    Registration first = family(session, 1);
    Registration second = family(session, 2);
    // A node took both, marked them SENDING, handed them over and died before marking them sent.
    List<OutboxMessage> taken = outbox().claimDue("dead-node/1", Duration.ofMinutes(2), 100).await();
    assertThat(taken).hasSize(2);
    taken.forEach(m -> assertThat(outbox().markSending(m.id(), "dead-node/1", Duration.ofMinutes(2)).await())
        .isTrue());
    FakeGateway noKey = new FakeGateway();
    OutboxWorker unkeyed = worker(noKey, 200, false);
    // While the lease holds, nobody touches them.
    unkeyed.runOnce().await();
    assertThat(noKey.requests).isEmpty();
    assertThat(message(MessageKind.CONFIRMED, first, session).status()).isEqualTo(MessageStatus.SENDING);

    harness.clock.advance(Duration.ofMinutes(2).plusSeconds(1));
    // The worker whose provider takes the key sends one again; the other leaves it to staff.
    List<OutboxMessage> interrupted = List.of(message(MessageKind.CONFIRMED, first, session),
        message(MessageKind.CONFIRMED, second, session));
    assertThat(interrupted).allSatisfy(m -> assertThat(m.status()).isEqualTo(MessageStatus.SENDING));
    // A gateway that takes no key: whether the family got it is unknown, so it is left to staff, not sent again.
    unkeyed.runOnce().await();
    assertThat(noKey.requests).isEmpty();
    for (Registration family : List.of(first, second)) {
      OutboxMessage left = message(MessageKind.CONFIRMED, family, session);
      assertThat(left.status()).isEqualTo(MessageStatus.FAILED);
      assertThat(left.reason()).contains(OutboxWorker.INTERRUPTED);
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aRowLeftSendingIsResentToAGatewayThatTakesTheKey(String database) {
    start(database);
    Session session = classAt(harness.centre("Centre Ouest"), ZonedDateTime.of(2026, 11, 28, 10, 0, 0, 0, PARIS),
        5);
    Registration family = family(session, 1);
    OutboxMessage taken = outbox().claimDue("dead-node/1", Duration.ofMinutes(2), 100).await().get(0);
    outbox().markSending(taken.id(), "dead-node/1", Duration.ofMinutes(2)).await();
    harness.clock.advance(Duration.ofMinutes(3));
    FakeGateway gateway = new FakeGateway();
    worker(gateway, 200, true).runOnce().await();
    assertThat(gateway.sentWith(taken.idempotencyKey())).isEqualTo(1);
    assertThat(message(MessageKind.CONFIRMED, family, session).status()).isEqualTo(MessageStatus.SENT);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void twoWorkersOnOneDatabaseSendEachMessageOnce(String database) {
    start(database);
    Session session = classAt(harness.centre("Centre Nord"), ZonedDateTime.of(2026, 11, 28, 10, 0, 0, 0, PARIS),
        29);
    for (int i = 0; i < 29; i++) {
      family(session, i);
    }
    FakeGateway gateway = new FakeGateway();
    OutboxWorker one = worker(gateway, 1000, true);
    OutboxWorker two = worker(gateway, 1000, true);
    harness.hub.vertx().deployVerticle(one).await();
    harness.hub.vertx().deployVerticle(two).await();
    Future.all(one.runOnce(), two.runOnce(), one.runOnce(), two.runOnce()).await();
    Future.all(one.runOnce(), two.runOnce()).await();
    assertThat(gateway.requests).hasSize(29);
    assertThat(gateway.requests.stream().map(SmsRequest::idempotencyKey).distinct()).hasSize(29);
    assertThat(outbox().ofSession(session.id(), Optional.empty()).await().stream()
        .filter(listed -> listed.message().kind() == MessageKind.CONFIRMED))
        .hasSize(29).allSatisfy(listed -> assertThat(listed.message().status()).isEqualTo(MessageStatus.SENT));
  }

  @ParameterizedTest
  @MethodSource("databases")
  void deliveryReportsUpdateTheMessageAndStopOptsTheNumberOut(String database) {
    start(database);
    Session session = classAt(harness.centre("Centre Nord"), ZonedDateTime.of(2026, 11, 28, 10, 0, 0, 0, PARIS), 5);
    Registration family = family(session, 1);
    FakeGateway gateway = new FakeGateway();
    OutboxWorker worker = worker(gateway, 200, false);
    worker.runOnce().await();
    OutboxMessage sent = message(MessageKind.CONFIRMED, family, session);
    assertThat(sent.status()).isEqualTo(MessageStatus.SENT);
    assertThat(sent.providerMessageId()).contains("p-1");

    Instant at = harness.clock.instant();
    assertThat(outbox().report(new org.relais.hub.sms.DeliveryReport("p-1", DeliveryState.DELIVERED,
        Optional.empty(), at)).await()).isTrue();
    assertThat(message(MessageKind.CONFIRMED, family, session).status()).isEqualTo(MessageStatus.DELIVERED);
    // A late "sent" does not undo "delivered"; an unknown id changes nothing.
    assertThat(outbox().report(new org.relais.hub.sms.DeliveryReport("p-1", DeliveryState.SENT, Optional.empty(),
        at)).await()).isTrue();
    assertThat(message(MessageKind.CONFIRMED, family, session).status()).isEqualTo(MessageStatus.DELIVERED);
    assertThat(outbox().report(new org.relais.hub.sms.DeliveryReport("p-404", DeliveryState.FAILED,
        Optional.of("unknown"), at)).await()).isFalse();

    // The family answers STOP (the number as the provider writes it): its reminders are not sent.
    outbox().optOut("06 12 00 00 01", "STOP").await();
    assertThat(outbox().isOptedOut("+33612000001").await()).isTrue();
    harness.clock.set(session.draft().start().minus(Duration.ofHours(24)));
    worker.runOnce().await();
    assertThat(gateway.requests).hasSize(1);
    OutboxMessage reminder = message(MessageKind.REMINDER_DAY_BEFORE, family, session);
    assertThat(reminder.status()).isEqualTo(MessageStatus.SKIPPED);
    assertThat(reminder.reason()).contains("opted out");
  }
}
