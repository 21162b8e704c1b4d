package org.relais.hub.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.relais.hub.households.OffRadar;
import org.relais.hub.privacy.PrivacyLog;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.hub.testing.HubHarness;
import org.relais.protocol.Role;

/** The demo's households: three off the radar for the default four weeks, the one who still comes not. */
class DemoHouseholdsTest {
  @Test
  void theDemoHasHouseholdsOffTheRadar() {
    try (HubHarness harness = HubHarness.start("h2")) {
      new DemoData(harness.hub.staff(), harness.hub.centres(), harness.hub.schedule(), harness.clock).seedIfEmpty()
          .await();
      new DemoHouseholds(harness.hub.centres(), harness.hub.schedule(), harness.hub.registrations(),
          harness.hub.attendance(), harness.clock).seed().await();
      StaffPrincipal admin = new StaffPrincipal(UUID.randomUUID(), Role.ADMIN, Set.of());
      assertThat(harness.hub.households().offRadar().list(admin, OffRadar.DEFAULT_WEEKS,
              PrivacyLog.Action.OFF_RADAR_VIEWED).await())
          .extracting(line -> line.last().displayName())
          .containsExactly("Famille Moreau", "M. Petit", "Famille Rossi");
    }
  }
}
