package org.relais.hub.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Expands a session into its sittings. A series keeps its wall-clock time in the schedule's zone, so a
 * Tuesday 18:00 class stays at 18:00 across daylight-saving changes. A moved sitting is held at its new
 * time instead, and is named by its new date from then on; a move onto the date of another sitting of the
 * series is ignored, so that a date names one sitting only.
 */
public final class Occurrences {
  private Occurrences() {}

  /** Every sitting of {@code session}, in order. */
  public static List<Occurrence> all(SessionDraft draft, Session session, ZoneId zone) {
    List<Occurrence> series = series(draft, session, zone);
    return session == null || session.moves().isEmpty() ? series : moved(series, session.moves(), zone);
  }

  private static List<Occurrence> moved(List<Occurrence> series, Map<LocalDate, Interval> moves, ZoneId zone) {
    Set<LocalDate> taken = new HashSet<>();
    series.forEach(o -> {
      if (!moves.containsKey(dateOf(o.start(), zone))) {
        taken.add(dateOf(o.start(), zone));
      }
    });
    List<Occurrence> sittings = new ArrayList<>(series.size());
    for (Occurrence o : series) {
      Interval to = moves.get(dateOf(o.start(), zone));
      if (to == null) {
        sittings.add(o);
      } else if (taken.add(dateOf(to.start(), zone))) {
        sittings.add(new Occurrence(o.session(), to.start(), to.end()));
      } else if (taken.add(dateOf(o.start(), zone))) {
        sittings.add(o);
      }
    }
    sittings.sort(null);
    return sittings;
  }

  /** A sitting's date: the day it starts on in the schedule's zone, which names it. */
  public static LocalDate dateOf(Instant start, ZoneId zone) {
    return start.atZone(zone).toLocalDate();
  }

  /**
   * The date the series plans {@code sitting} on: its own date, or for a moved sitting the date it was moved
   * from. What names a sitting for good, whatever moves it.
   */
  public static LocalDate seriesDate(Session session, Occurrence sitting, ZoneId zone) {
    return session.moves().entrySet().stream().filter(move -> move.getValue().start().equals(sitting.start()))
        .map(Map.Entry::getKey).findFirst().orElse(dateOf(sitting.start(), zone));
  }

  /** The sitting the series plans on {@code seriesDate}, where it is held now (moved or not), if there is one. */
  public static Optional<Occurrence> bySeriesDate(Session session, LocalDate seriesDate, ZoneId zone) {
    return all(session, zone).stream().filter(o -> seriesDate(session, o, zone).equals(seriesDate)).findFirst();
  }

  /** The sittings as the series alone gives them, without moves. */
  public static List<Occurrence> series(SessionDraft draft, Session session, ZoneId zone) {
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

  /** From the start of the first sitting to the end of the last. */
  public static Interval span(List<Occurrence> sittings) {
    Instant end = sittings.stream().map(Occurrence::end).max(Instant::compareTo).orElseThrow();
    return new Interval(sittings.get(0).start(), end);
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
