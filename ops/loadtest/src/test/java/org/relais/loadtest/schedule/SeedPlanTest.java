package org.relais.loadtest.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.relais.hub.schedule.Occurrence;
import org.relais.hub.schedule.Occurrences;
import org.relais.hub.schedule.SessionDraft;

class SeedPlanTest {
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private static final LocalDate MONDAY = LocalDate.of(2026, 11, 23);

  @Test
  void theSameSeedGivesTheSamePlan() {
    assertThat(SeedPlan.generate(800, 7, MONDAY, PARIS)).isEqualTo(SeedPlan.generate(800, 7, MONDAY, PARIS));
    assertThat(SeedPlan.generate(800, 8, MONDAY, PARIS)).isNotEqualTo(SeedPlan.generate(800, 7, MONDAY, PARIS));
  }

  @Test
  void noInstructorTeachesTwoSittingsAtOnce() {
    SeedPlan plan = SeedPlan.generate(5_000, 42, MONDAY, PARIS);
    Map<Integer, List<Occurrence>> byInstructor = new HashMap<>();
    for (SeedPlan.PlannedSession s : plan.sessions()) {
      if (s.instructor() >= 0) {
        byInstructor.computeIfAbsent(s.instructor(), i -> new ArrayList<>())
            .addAll(Occurrences.all(s.draft(), null, PARIS));
      }
    }
    byInstructor.values().forEach(sittings -> {
      sittings.sort((a, b) -> a.start().compareTo(b.start()));
      for (int i = 1; i < sittings.size(); i++) {
        assertThat(sittings.get(i).start()).isAfterOrEqualTo(sittings.get(i - 1).end());
      }
    });
  }

  @Test
  void spreadsAYearOfOneOffClassesAndSeriesSoThatAWeekHoldsASubset() {
    SeedPlan plan = SeedPlan.generate(5_000, 42, MONDAY, PARIS);
    assertThat(plan.sessions()).hasSize(5_000);
    assertThat(plan.centres()).hasSize(60);
    assertThat(plan.series()).isBetween(1_500L, 2_500L);
    assertThat(plan.withoutInstructor()).isBetween(500L, 2_000L);
    for (SeedPlan.PlannedSession s : plan.sessions()) {
      s.draft().checkRecurrence(PARIS);
    }
    Instant from = MONDAY.atStartOfDay(PARIS).toInstant();
    Instant to = MONDAY.plusWeeks(1).atStartOfDay(PARIS).toInstant();
    long inWeek = plan.sessions().stream().map(SeedPlan.PlannedSession::draft)
        .mapToLong(d -> sittingsBetween(d, from, to)).sum();
    assertThat(inWeek).isBetween(300L, 1_500L);
  }

  private static long sittingsBetween(SessionDraft draft, Instant from, Instant to) {
    return Occurrences.all(draft, null, PARIS).stream()
        .filter(o -> o.end().isAfter(from) && o.start().isBefore(to)).count();
  }
}
