package org.relais.site;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.relais.protocol.site.SiteEvent;
import org.relais.site.link.LinkState;

/** A relay killed outright (kill -9) while it forwards its journal: nothing lost, nothing counted twice. */
class RelayKilledTest {
  private static final int EVENTS = 3_000;

  @Test
  void aRelayKilledWhileForwardingLosesAndDoublesNothing() throws Exception {
    try (CentreFixture centre = new CentreFixture("h2")) {
      centre.enrol();
      // Recorded while the hub is away, so the whole journal is waiting when the relay next starts.
      centre.harness.stopHub();
      SiteApplication offline = centre.startRelay();
      List<Future<SiteEvent>> recorded = new ArrayList<>();
      for (int i = 0; i < EVENTS; i++) {
        recorded.add(offline.room().record(offline.room().event(SiteEvent.Kind.HEAD_COUNT, centre.sessionId,
            i % 3 == 2 ? -1 : 1, null, null)));
      }
      Future.all(recorded).await();
      offline.stop().await();
      centre.startHub();

      Process relay = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), Main.class.getName(), "--data", centre.relayData.toString(),
          "serve")
          .redirectErrorStream(true).redirectOutput(new File(centre.relayData.toFile(), "relay.out"))
          .start();
      int atKill;
      try {
        CentreFixture.await("the first events at the hub", Duration.ofSeconds(60),
            () -> count(centre) > 0);
        relay.destroyForcibly().waitFor();
        atKill = count(centre);
      } finally {
        relay.destroyForcibly();
      }
      assertThat(atKill).as("killed in the middle of forwarding").isBetween(1, EVENTS - 1);

      SiteApplication restarted = centre.startRelay();
      try {
        assertThat(restarted.journal().pendingCount()).isGreaterThan(0);
        CentreFixture.await("the rest of the journal", Duration.ofSeconds(60),
            () -> restarted.journal().pendingCount() == 0);
        assertThat(restarted.linkStatus().state()).isEqualTo(LinkState.ONLINE);
      } finally {
        restarted.stop().await();
      }
      assertThat(count(centre)).isEqualTo(EVENTS);
      CentreFixture.await("the console's count", Duration.ofSeconds(20),
          () -> centre.live().getJsonObject("totals").getInteger("headCount") == EVENTS / 3);
    }
  }

  private static int count(CentreFixture centre) {
    return centre.harness.hub.siteEvents().countOf(centre.site.id()).await();
  }
}
