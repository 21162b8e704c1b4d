package org.relais.hub.shortlinks;

import java.time.Duration;
import org.relais.hub.demo.DemoData;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionStore;
import org.relais.hub.testing.HubHarness;

/** The demo network's classes, by title: what the short links and their messages are tried on. */
final class DemoClasses {
  private DemoClasses() {}

  static void seed(HubHarness harness) {
    new DemoData(harness.hub.staff(), harness.hub.centres(), harness.hub.schedule(), harness.clock).seedIfEmpty()
        .await();
  }

  /** A demo class with a sitting in the week the hub's clock starts in. */
  static Session named(HubHarness harness, String title) {
    return harness.hub.schedule().occurrences(HubHarness.START, HubHarness.START.plus(Duration.ofDays(8)),
            SessionStore.Filter.NONE).await().stream()
        .map(o -> o.session()).filter(s -> s.draft().title().equals(title)).findFirst().orElseThrow();
  }
}
