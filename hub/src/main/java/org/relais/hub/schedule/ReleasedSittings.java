package org.relais.hub.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The sittings of some sessions that gave their time back: called off, or ended before their planned end (from then
 * on). A cancelled Tuesday leaves its instructor and its room free for a class put in its place.
 *
 * @param bySession by session, then by the sitting's series date: empty for a sitting called off, the time it
 *     ended for one ended
 */
public record ReleasedSittings(Map<UUID, Map<LocalDate, Optional<Instant>>> bySession) {
  public static final ReleasedSittings NONE = new ReleasedSittings(Map.of());

  /** The sittings of {@code session} that still hold their time, an ended one only up to when it ended. */
  public List<Occurrence> holding(Session session, List<Occurrence> sittings, ZoneId zone) {
    Map<LocalDate, Optional<Instant>> released = bySession.getOrDefault(session.id(), Map.of());
    if (released.isEmpty()) {
      return sittings;
    }
    return sittings.stream().<Occurrence>mapMulti((sitting, held) -> {
      Optional<Instant> ended = released.get(Occurrences.seriesDate(session, sitting, zone));
      if (ended == null) {
        held.accept(sitting);
      } else if (ended.isPresent() && ended.get().isAfter(sitting.start())) {
        held.accept(new Occurrence(sitting.session(), sitting.start(),
            ended.get().isBefore(sitting.end()) ? ended.get() : sitting.end()));
      }
    }).toList();
  }
}
