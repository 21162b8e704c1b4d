package org.relais.hub.reminders;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.relais.hub.registrations.RegistrationRequest;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionDraft;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.TestDatabase;
import org.relais.protocol.Category;
import org.relais.protocol.VideoMode;

/**
 * Two hub nodes on one database, each with its own worker and its own local outbox: every family's confirmation
 * and reminders are sent by one node or the other, never by both.
 */
class TwoNodesTest {
  private static final int FAMILIES = 29;

  static Stream<String> databases() {
    return TestDatabase.kinds();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void eachMessageIsSentByOneNodeOnly(String kind) throws Exception {
    Map<String, String> settings = Map.of("outbox.worker", "false", "sms.quietFrom", "00:00",
        "sms.quietUntil", "00:00");
    try (HubHarness one = HubHarness.start(kind, settings)) {
      HubHarness two = HubHarness.startOn(one.database(), Files.createTempDirectory("relais-node-two-"), settings,
          one.clock);
      try {
        Instant start = one.clock.instant().plus(Duration.ofHours(30));
        Session session = one.hub.schedule().createTrusted(new SessionDraft("Anglais", Category.LANGUAGE, null,
            "fr", null, one.centre("Centre Nord").id(), start, start.plus(Duration.ofHours(1)), null, FAMILIES,
            VideoMode.DIRECT, null)).await();
        for (int i = 0; i < FAMILIES; i++) {
          (i % 2 == 0 ? one : two).hub.registrations().register(session.id(), new RegistrationRequest("Famille " + i,
              null, String.format("+336120000%02d", i), 1, true, "fr"), null).await();
        }
        for (Instant at : List.of(one.clock.instant(), start.minus(Duration.ofHours(24)),
            start.minus(Duration.ofMinutes(15)))) {
          one.clock.set(at);
          Future.all(one.hub.reminders().worker().runOnce(), two.hub.reminders().worker().runOnce(),
              one.hub.reminders().worker().runOnce(), two.hub.reminders().worker().runOnce()).await();
        }
        List<String> keys = new ArrayList<>();
        keys.addAll(keys(Reminders.outboxDir(one.dataDir).resolve("sms.txt")));
        keys.addAll(keys(Reminders.outboxDir(two.dataDir).resolve("sms.txt")));
        assertThat(keys).hasSize(FAMILIES * 3).doesNotHaveDuplicates();
      } finally {
        two.stopHub();
      }
    }
  }

  private static List<String> keys(Path file) throws Exception {
    return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8).stream()
        .filter(line -> line.startsWith("Key: ")).toList() : List.of();
  }
}
