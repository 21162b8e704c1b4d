package org.relais.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.relais.hub.centres.Site;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.hub.testing.HubHarness;
import org.relais.protocol.Role;

/**
 * The demo as a newcomer starts it, on any day of the week: its data seeded (with the broadcast class, ffmpeg being
 * there), then every class of the demo centre in the coming week booked for its room, none clashing with another.
 */
class DemoWeekTest {
  @ParameterizedTest
  @EnumSource(DayOfWeek.class)
  void theDemoCentresRoomTakesTheWholeWeekWhicheverDayItStarts(DayOfWeek day) {
    try (HubHarness harness = HubHarness.start("h2")) {
      ZonedDateTime morning = ZonedDateTime.of(2026, 11, 23, 9, 0, 0, 0, ZoneId.of("Europe/Paris"))
          .with(TemporalAdjusters.nextOrSame(day));
      harness.clock.set(morning.toInstant());
      assertThat(harness.hub.broadcast().service().available()).isTrue();
      DemoCommand.seed(harness.hub, harness.clock).await();

      StaffPrincipal admin = new StaffPrincipal(UUID.randomUUID(), Role.ADMIN, Set.of());
      DemoRelaySite relaySite = new DemoRelaySite(harness.hub, Path.of("no-relay-site.jar"),
          harness.dataDir.resolve("relay-site"), harness.clock);
      Optional<Site> room = relaySite.bookTheWeek(admin);
      assertThat(room).isPresent();
      assertThat(relaySite.consolePath()).doesNotContain("<session id>");
    }
  }
}
