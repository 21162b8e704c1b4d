package org.relais.hub.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.relais.hub.demo.DemoData;
import org.relais.hub.schedule.Occurrence;
import org.relais.hub.schedule.SessionStore;
import org.relais.hub.testing.HubHarness;
import org.relais.protocol.VideoMode;

/** A newcomer finds a broadcast class in the demo when the hub has ffmpeg. */
class BroadcastDemoTest {
  @Test
  void theDemoHasADailyBroadcastClass() {
    try (HubHarness harness = HubHarness.start("h2")) {
      assertThat(harness.hub.broadcast().service().available()).isTrue();
      new DemoData(harness.hub.staff(), harness.hub.centres(), harness.hub.schedule(), harness.clock,
          harness.hub.broadcast().service().available()).seedIfEmpty().await();
      List<Occurrence> week = harness.hub.schedule().occurrences(harness.clock.instant(),
          harness.clock.instant().plus(Duration.ofDays(7)), SessionStore.Filter.NONE).await();
      List<Occurrence> broadcasts = week.stream()
          .filter(o -> o.session().draft().videoMode() == VideoMode.BROADCAST).toList();
      assertThat(broadcasts).hasSize(7);
      assertThat(broadcasts.get(0).session().draft().title()).contains("Cuisine en direct");
    }
  }
}
