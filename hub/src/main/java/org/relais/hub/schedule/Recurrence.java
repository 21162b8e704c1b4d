package org.relais.hub.schedule;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.relais.hub.validation.InvalidFieldException;

/** A weekly repetition: on some days of the week, until a date (inclusive) or for a number of occurrences. */
public record Recurrence(Set<DayOfWeek> weekdays, LocalDate until, Integer count) {
  public static final int MAX_COUNT = 200;

  private static final Map<String, DayOfWeek> CODES = Map.of(
      "MO", DayOfWeek.MONDAY, "TU", DayOfWeek.TUESDAY, "WE", DayOfWeek.WEDNESDAY, "TH", DayOfWeek.THURSDAY,
      "FR", DayOfWeek.FRIDAY, "SA", DayOfWeek.SATURDAY, "SU", DayOfWeek.SUNDAY);

  public Recurrence {
    if (weekdays == null || weekdays.isEmpty()) {
      throw new InvalidFieldException("recurrence.weekdays", "recurrence.weekdays needs at least one day");
    }
    weekdays = Set.copyOf(EnumSet.copyOf(weekdays));
    if ((until == null) == (count == null)) {
      throw new InvalidFieldException("recurrence", "recurrence needs either until or count, not both");
    }
    if (count != null && (count < 1 || count > MAX_COUNT)) {
      throw new InvalidFieldException("recurrence.count", "recurrence.count must be between 1 and " + MAX_COUNT);
    }
  }

  public static Recurrence fromJson(JsonObject json) {
    if (json == null) {
      return null;
    }
    JsonArray days = json.getJsonArray("weekdays", new JsonArray());
    Set<DayOfWeek> weekdays = EnumSet.noneOf(DayOfWeek.class);
    for (int i = 0; i < days.size(); i++) {
      DayOfWeek day = CODES.get(days.getString(i));
      if (day == null) {
        throw new InvalidFieldException("recurrence.weekdays." + i, "weekdays are MO, TU, WE, TH, FR, SA or SU");
      }
      weekdays.add(day);
    }
    LocalDate until = null;
    if (json.getString("until") != null) {
      try {
        until = LocalDate.parse(json.getString("until"));
      } catch (DateTimeParseException e) {
        throw new InvalidFieldException("recurrence.until", "recurrence.until must be a date such as 2027-06-30");
      }
    }
    return new Recurrence(weekdays, until, json.getInteger("count"));
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("weekdays", new JsonArray(codes()));
    if (until != null) {
      json.put("until", until.toString());
    } else {
      json.put("count", count);
    }
    return json;
  }

  /** Days as two-letter codes in week order, as in iCalendar's BYDAY. */
  public List<String> codes() {
    return weekdays.stream().sorted().map(day -> day.name().substring(0, 2)).toList();
  }

  /** The stored form: codes joined by commas. */
  public String storedWeekdays() {
    return String.join(",", codes());
  }

  public static Set<DayOfWeek> parseStored(String stored) {
    return List.of(stored.split(",")).stream().map(CODES::get).collect(Collectors.toCollection(
        () -> EnumSet.noneOf(DayOfWeek.class)));
  }
}
