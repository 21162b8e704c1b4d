package org.relais.hub.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Expands a session into its sittings. A series keeps its wall-clock time in the schedule's zone, so a
 * Tuesday 18:00 class stays at 18:00 across daylight-saving changes.
 */
public final class Occurrences {
  private Occurrences() {}

  /** Every sitting of {@code session}, in order. */
  public static List<Occurrence> all(SessionDraft draft, Session session, ZoneId zone) {
    Duration length = Duration.between(draft.start(), draft.end());
    Recurrence recurrence = draft.recurrence();
    if (recurrence == null) {
      return List.of(new Occurrence(session, draft.start(), draft.end()));
    }
    ZonedDateTime first = draft.start().atZone(zone);
    LocalTime time = first.toLocalTime();
    List<Occurrence> sittings = new ArrayList<>();
    for (LocalDate day = first.toLocalDate(); within(recurrence, day, sittings.size(), first.toLocalDate());
        day = day.plusDays(1)) {
      if (recurrence.weekdays().contains(day.getDayOfWeek())) {
        Instant start = ZonedDateTime.of(day, time, zone).toInstant();
        sittings.add(new Occurrence(session, start, start.plus(length)));
      }
    }
    return sittings;
  }

  public static List<Occurrence> all(Session session, ZoneId zone) {
    return all(session.draft(), session, zone);
  }

  /** Sittings that are not over at {@code from} and start before {@code to}. */
  public static List<Occurrence> between(Session session, ZoneId zone, Instant from, Instant to) {
    return all(session, zone).stream().filter(o -> o.end().isAfter(from) && o.start().isBefore(to)).toList();
  }

  /** End of the last sitting. */
  public static Instant seriesEnd(SessionDraft draft, ZoneId zone) {
    List<Occurrence> sittings = all(draft, null, zone);
    return sittings.get(sittings.size() - 1).end();
  }

  /** The first sitting of {@code a} that overlaps a sitting of {@code b}, if any. */
  public static Optional<Occurrence> firstClash(List<Occurrence> a, List<Occurrence> b) {
    int j = 0;
    for (Occurrence x : a) {
      while (j < b.size() && !b.get(j).end().isAfter(x.start())) {
        j++;
      }
      for (int k = j; k < b.size() && b.get(k).start().isBefore(x.end()); k++) {
        if (x.interval().overlaps(b.get(k).interval())) {
          return Optional.of(x);
        }
      }
    }
    return Optional.empty();
  }

  private static boolean within(Recurrence recurrence, LocalDate day, int produced, LocalDate firstDay) {
    if (recurrence.count() != null) {
      return produced < recurrence.count();
    }
    return !day.isAfter(recurrence.until()) && !day.isAfter(firstDay.plus(SessionDraft.MAX_SERIES));
  }
}
