package org.relais.hub.reminders;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.relais.hub.centres.Centre;
import org.relais.hub.outbox.MessageKind;
import org.relais.hub.outbox.MessageStatus;
import org.relais.hub.outbox.Outbox;
import org.relais.hub.registrations.RegistrationRequest;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionDraft;
import org.relais.hub.testing.ChildHub;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.MutableClock;
import org.relais.hub.testing.TestDatabase;
import org.relais.protocol.Category;
import org.relais.protocol.VideoMode;

/**
 * A hub killed outright (SIGKILL) while its worker hands texts to the local outbox file, then restarted on the same
 * database and data directory: every family has its confirmation in the file exactly once, none lost, none twice.
 */
class OutboxKilledTest {
  private static final int SESSIONS = 8;
  private static final int FAMILIES = 29;
  /** Never quiet (the test runs at any hour), and no cap to reach. */
  private static final Map<String, String> ALWAYS_AWAKE = Map.of("sms.quietFrom", "00:00", "sms.quietUntil", "00:00",
      "sms.dailyCap", "100000");

  static Stream<String> databases() {
    return TestDatabase.kinds();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aHubKilledWhileSendingThenRestartedSendsEveryTextOnce(String kind) throws Exception {
    TestDatabase database = TestDatabase.create(kind);
    Path dataDir = Files.createTempDirectory("relais-outbox-killed-");
    MutableClock clock = new MutableClock(Instant.now());
    Map<String, String> seedConfig = new HashMap<>(ALWAYS_AWAKE);
    seedConfig.put("outbox.worker", "false");
    HubHarness seed = HubHarness.startOn(database, dataDir, seedConfig, clock);
    List<UUID> registrations = new ArrayList<>();
    Centre centre = seed.centre("Centre social Les Tisserands");
    for (int s = 0; s < SESSIONS; s++) {
      Instant start = clock.instant().plus(Duration.ofHours(3 + s * 2));
      Session session = seed.hub.schedule().createTrusted(new SessionDraft("Cours " + s, Category.LANGUAGE, null,
          "fr", null, centre.id(), start, start.plus(Duration.ofHours(1)), null, FAMILIES, VideoMode.DIRECT, null))
          .await();
      for (int f = 0; f < FAMILIES; f++) {
        registrations.add(seed.hub.registrations().register(session.id(), new RegistrationRequest("Famille " + f,
            null, String.format("+3361%02d%05d", s, f), 1, true, "fr"), null).await().registration().id());
      }
    }
    seed.stopHub();
    int all = registrations.size();

    Path sms = Reminders.outboxDir(dataDir).resolve("sms.txt");
    Process hub = ChildHub.start(database, dataDir, Map.of(
        "RELAIS_SMS_QUIET_FROM", "00:00",
        "RELAIS_SMS_QUIET_UNTIL", "00:00",
        "RELAIS_SMS_DAILY_CAP", "100000",
        "RELAIS_OUTBOX_POLL_INTERVAL", "PT0.2S",
        "RELAIS_OUTBOX_BATCH_SIZE", "10"));
    int writtenAtKill;
    try {
      writtenAtKill = awaitTexts(sms, hub, all / 4);
      hub.destroyForcibly().waitFor();
    } finally {
      hub.destroyForcibly();
    }
    assertThat(writtenAtKill).as("texts were still being sent at the kill").isLessThan(all);

    // Restarted once the dead node's lease is over: what it left SENDING is sent again, and the file says it once.
    clock.set(Instant.now().plus(Duration.ofMinutes(3)));
    HubHarness restarted = HubHarness.startOn(database, dataDir, seedConfig, clock);
    try {
      while (restarted.hub.reminders().worker().runOnce().await() > 0) {
        // Until nothing is left to hand over.
      }
      List<String> keys = Files.readAllLines(sms, StandardCharsets.UTF_8).stream()
          .filter(line -> line.startsWith("Key: ")).toList();
      assertThat(keys).hasSize(all).doesNotHaveDuplicates();
      Outbox outbox = restarted.hub.reminders().outbox();
      for (UUID id : registrations) {
        assertThat(outbox.ofRegistration(id).await().stream().filter(m -> m.kind() == MessageKind.CONFIRMED))
            .singleElement().satisfies(m -> assertThat(m.status()).isEqualTo(MessageStatus.DELIVERED));
      }
    } finally {
      restarted.close();
    }
  }

  /** Waits (polling the child's file: it is another process) until it has written at least {@code enough} texts. */
  private static int awaitTexts(Path sms, Process hub, int enough) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
    while (Instant.now().isBefore(deadline)) {
      if (!hub.isAlive()) {
        throw new AssertionError("the hub stopped: " + Files.readString(sms.getParent().getParent().resolve("hub.out")));
      }
      int written = Files.exists(sms) ? (int) Files.readAllLines(sms, StandardCharsets.UTF_8).stream()
          .filter(line -> line.startsWith("Key: ")).count() : 0;
      if (written >= enough) {
        return written;
      }
      Thread.sleep(2);
    }
    throw new AssertionError("the hub sent too few texts: " + Optional.of(sms).filter(Files::exists)
        .map(p -> p.toString()).orElse("no file"));
  }
}
