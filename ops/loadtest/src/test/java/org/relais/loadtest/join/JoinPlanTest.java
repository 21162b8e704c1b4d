package org.relais.loadtest.join;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.relais.hub.join.JoinWindow;
import org.relais.hub.schedule.Occurrence;
import org.relais.hub.schedule.Occurrences;
import org.relais.hub.schedule.SessionDraft;
import org.relais.protocol.VideoMode;

class JoinPlanTest {
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  /** A Saturday night in late March: the clocks go forward while the classes are on. */
  private static final Instant NOW = Instant.parse("2026-03-28T22:30:00Z");

  @Test
  void theSameSeedGivesTheSamePlan() {
    assertThat(JoinPlan.generate(40, 2_000, 7, NOW, PARIS, VideoMode.JITSI))
        .isEqualTo(JoinPlan.generate(40, 2_000, 7, NOW, PARIS, VideoMode.JITSI));
    assertThat(JoinPlan.generate(40, 2_000, 8, NOW, PARIS, VideoMode.JITSI))
        .isNotEqualTo(JoinPlan.generate(40, 2_000, 7, NOW, PARIS, VideoMode.JITSI));
  }

  @Test
  void everyClassHasItsDoorsOpenForHoursAndRoomForAllItsFamilies() {
    JoinPlan plan = JoinPlan.generate(40, 5_000, 42, NOW, PARIS, VideoMode.JITSI);
    assertThat(plan.sessions()).hasSize(40);
    assertThat(plan.families()).hasSize(5_000);
    assertThat(plan.series()).isBetween(5L, 30L);
    int[] families = new int[plan.sessions().size()];
    plan.families().forEach(family -> families[family.session()]++);
    for (int i = 0; i < plan.sessions().size(); i++) {
      SessionDraft draft = plan.sessions().get(i);
      draft.checkRecurrence(PARIS);
      assertThat(draft.videoMode()).isEqualTo(VideoMode.JITSI);
      assertThat(draft.homeCapacity()).isGreaterThanOrEqualTo(families[i]);
      assertThat(families[i]).as("families of class %d", i).isPositive();
      List<Occurrence> sittings = Occurrences.all(draft, null, PARIS);
      JoinWindow now = sittings.stream().map(JoinWindow::of).filter(w -> w.closesAt().isAfter(NOW)).findFirst()
          .orElseThrow();
      assertThat(now.isOpenAt(NOW)).isTrue();
      assertThat(now.isOpenAt(NOW.plusSeconds(3_600))).isTrue();
      assertThat(now.sitting().start()).isBefore(NOW);
      // Registrations close when the last sitting ends: still open for every class.
      assertThat(sittings.get(sittings.size() - 1).end()).isAfter(NOW);
    }
  }

  @Test
  void familiesRegisterAsTheFormWouldWithTheirOwnIdempotencyKeys() {
    JoinPlan plan = JoinPlan.generate(12, 3_000, 42, NOW, PARIS, VideoMode.DIRECT);
    assertThat(plan.families().stream().map(JoinPlan.Family::idempotencyKey).distinct()).hasSize(3_000);
    assertThat(plan.families().stream().filter(f -> f.request().email() != null).count()).isBetween(1_000L, 2_000L);
    assertThat(plan.families().stream().filter(f -> f.request().phone() != null).count()).isBetween(500L, 1_400L);
    assertThat(plan.sessions()).allSatisfy(draft -> assertThat(draft.videoMode()).isEqualTo(VideoMode.DIRECT));
    assertThat(plan.centres()).hasSize(2);
  }

  @Test
  void capacityLeavesAFewPlacesFree() {
    assertThat(JoinPlan.capacity(0)).isEqualTo(10);
    assertThat(JoinPlan.capacity(125)).isEqualTo(150);
    assertThat(JoinPlan.capacity(9_000)).isEqualTo(10_000);
  }
}
