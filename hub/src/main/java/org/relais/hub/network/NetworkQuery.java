package org.relais.hub.network;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.relais.protocol.Category;

/**
 * What a page of the network asks for: a week (by its Monday), and optionally one centre and one theme. Read
 * leniently from the address: a value that is not one (a typo, an old bookmark) is as if absent.
 */
public record NetworkQuery(LocalDate monday, UUID centreId, Category theme) {
  /** How far from this week the page goes, either way. */
  static final int MAX_WEEKS_AWAY = 104;

  public NetworkQuery {
    if (monday == null || !monday.equals(NetworkBoard.mondayOf(monday))) {
      throw new IllegalArgumentException("a week starts on a Monday: " + monday);
    }
  }

  /** The query of {@code week}, {@code centre} and {@code theme} as a page's form sends them. */
  public static NetworkQuery parse(String week, String centre, String theme, LocalDate thisMonday) {
    LocalDate monday = parse(() -> NetworkBoard.mondayOf(LocalDate.parse(week)))
        .filter(m -> !m.isBefore(thisMonday.minusWeeks(MAX_WEEKS_AWAY))
            && !m.isAfter(thisMonday.plusWeeks(MAX_WEEKS_AWAY)))
        .orElse(thisMonday);
    return new NetworkQuery(monday, parse(() -> UUID.fromString(centre)).orElse(null),
        parse(() -> Category.valueOf(theme.toUpperCase(Locale.ROOT))).orElse(null));
  }

  private static <T> Optional<T> parse(Supplier<T> reading) {
    try {
      return Optional.of(reading.get());
    } catch (NullPointerException | IllegalArgumentException | DateTimeParseException e) {
      return Optional.empty();
    }
  }

  public NetworkQuery inWeek(LocalDate otherMonday) {
    return new NetworkQuery(otherMonday, centreId, theme);
  }

  /** The page's address with this query: the week always, the filters when set. */
  public String path(String base) {
    StringBuilder path = new StringBuilder(base).append("?week=").append(monday);
    if (centreId != null) {
      path.append("&centre=").append(centreId);
    }
    if (theme != null) {
      path.append("&theme=").append(theme.name());
    }
    return path.toString();
  }
}
