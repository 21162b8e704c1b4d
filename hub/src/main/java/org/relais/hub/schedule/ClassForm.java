package org.relais.hub.schedule;

import io.vertx.core.MultiMap;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.relais.hub.validation.Checks;
import org.relais.hub.validation.InvalidFieldException;
import org.relais.protocol.Category;
import org.relais.protocol.VideoMode;

/**
 * The class form of the staff app as typed: every field as text, so that a form refused is shown again
 * exactly as it was sent. Dates and times are in the schedule's zone. A field the form names differently
 * from the session ({@code date}, {@code endTime}, {@code until}...) is mapped by {@link #fieldOf}.
 */
public record ClassForm(Map<String, String> values, Set<DayOfWeek> weekdays) {
  static final List<String> FIELDS = List.of("title", "category", "language", "description", "instructorId",
      "centreId", "date", "startTime", "endTime", "repeat", "ends", "until", "count", "homeCapacity", "videoMode",
      "accessibility", "version");

  public ClassForm {
    values = Map.copyOf(values);
    weekdays = Set.copyOf(weekdays);
  }

  /** An empty form: French, built-in room with its {@code places} for families at home, once. */
  static ClassForm blank(int places) {
    return new ClassForm(Map.of("language", "fr", "videoMode", VideoMode.DIRECT.name(), "repeat", "once",
        "ends", "until", "homeCapacity", Integer.toString(places)), Set.of());
  }

  static ClassForm of(MultiMap form) {
    Map<String, String> values = new HashMap<>();
    for (String field : FIELDS) {
      String value = form.get(field);
      if (value != null) {
        values.put(field, value.strip());
      }
    }
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (String day : form.getAll("weekdays")) {
      try {
        days.add(DayOfWeek.valueOf(day));
      } catch (IllegalArgumentException e) {
        throw new InvalidFieldException("weekdays", "unknown day " + day);
      }
    }
    return new ClassForm(values, days);
  }

  /** The session as its form shows it. */
  static ClassForm of(Session session, ZoneId zone) {
    SessionDraft d = session.draft();
    ZonedDateTime start = d.start().atZone(zone);
    Map<String, String> values = new HashMap<>();
    values.put("title", d.title());
    values.put("category", d.category().name());
    values.put("language", d.language());
    values.put("description", d.description() == null ? "" : d.description());
    values.put("instructorId", d.instructorId() == null ? "" : d.instructorId().toString());
    values.put("centreId", d.centreId().toString());
    values.put("date", start.toLocalDate().toString());
    values.put("startTime", start.toLocalTime().toString());
    values.put("endTime", d.end().atZone(zone).toLocalTime().toString());
    Recurrence r = d.recurrence();
    values.put("repeat", r == null ? "once" : "weekly");
    values.put("ends", r != null && r.count() != null ? "count" : "until");
    values.put("until", r == null || r.until() == null ? "" : r.until().toString());
    values.put("count", r == null || r.count() == null ? "" : r.count().toString());
    values.put("homeCapacity", Integer.toString(d.homeCapacity()));
    values.put("videoMode", d.videoMode().name());
    values.put("accessibility", d.accessibility() == null ? "" : d.accessibility());
    values.put("version", Long.toString(session.version()));
    return new ClassForm(values, r == null ? Set.of() : r.weekdays());
  }

  String value(String field) {
    return values.getOrDefault(field, "");
  }

  /**
   * Every field the form can tell is wrong by itself, each with its first fault, so that all are shown at once;
   * then, when each field reads, what the draft's rules across fields say. The rules that need the schedule (seats,
   * rooms, the instructor's other classes) are the service's.
   */
  Map<String, InvalidFieldException> problems(ZoneId zone) {
    Map<String, InvalidFieldException> problems = new LinkedHashMap<>();
    check(problems, () -> Checks.text("title", value("title"), SessionDraft.TITLE_MAX));
    check(problems, this::category);
    check(problems, () -> Checks.optionalText("description", value("description"), SessionDraft.DESCRIPTION_MAX));
    check(problems, () -> uuid("instructorId"));
    check(problems, () -> Checks.required("centreId", uuid("centreId")));
    check(problems, () -> date("date", value("date")));
    check(problems, () -> time("startTime"));
    check(problems, () -> time("endTime"));
    check(problems, () -> {
      if (!time("endTime").isAfter(time("startTime"))) {
        throw new InvalidFieldException("endTime", "the end comes before the start");
      }
    });
    if ("weekly".equals(value("repeat"))) {
      check(problems, () -> {
        if ("count".equals(value("ends"))) {
          integer("count");
        } else {
          date("until", value("until"));
        }
      });
    }
    check(problems, () -> Checks.range("homeCapacity", integer("homeCapacity"), 0, SessionDraft.HOME_CAPACITY_MAX));
    check(problems, this::videoMode);
    check(problems, () -> Checks.optionalText("accessibility", value("accessibility"),
        SessionDraft.ACCESSIBILITY_MAX));
    if (problems.isEmpty()) {
      check(problems, () -> draft(zone).checkRecurrence(zone));
    }
    return problems;
  }

  private static void check(Map<String, InvalidFieldException> problems, Runnable check) {
    try {
      check.run();
    } catch (InvalidFieldException e) {
      problems.putIfAbsent(fieldOf(e.field()), e);
    }
  }

  /** The draft the form describes; a field it cannot read, or a rule the draft breaks, fails naming the field. */
  SessionDraft draft(ZoneId zone) {
    LocalDate date = date("date", value("date"));
    LocalTime startTime = time("startTime");
    LocalTime endTime = time("endTime");
    if (!endTime.isAfter(startTime)) {
      throw new InvalidFieldException("endTime", "the end comes before the start");
    }
    Recurrence recurrence = null;
    if ("weekly".equals(value("repeat"))) {
      Set<DayOfWeek> days = EnumSet.of(date.getDayOfWeek());
      days.addAll(weekdays);
      if ("count".equals(value("ends"))) {
        recurrence = new Recurrence(days, null, integer("count"));
      } else {
        recurrence = new Recurrence(days, date("until", value("until")), null);
      }
    }
    try {
      return new SessionDraft(value("title"), category(), value("description"), value("language"),
          uuid("instructorId"), uuid("centreId"), ZonedDateTime.of(date, startTime, zone).toInstant(),
          ZonedDateTime.of(date, endTime, zone).toInstant(), recurrence, integer("homeCapacity"), videoMode(),
          value("accessibility"));
    } catch (InvalidFieldException e) {
      throw new InvalidFieldException(fieldOf(e.field()), e.getMessage());
    }
  }

  long version() {
    try {
      return Long.parseLong(value("version"));
    } catch (NumberFormatException e) {
      throw new InvalidFieldException("version", "no version");
    }
  }

  /** The form's field for a field of the session. */
  static String fieldOf(String sessionField) {
    return switch (sessionField) {
      case "start" -> "date";
      case "end" -> "endTime";
      case "recurrence" -> "ends";
      case "recurrence.until" -> "until";
      case "recurrence.count" -> "count";
      default -> sessionField.startsWith("recurrence.weekdays") ? "weekdays" : sessionField;
    };
  }

  static LocalDate date(String field, String text) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidFieldException(field, "not a date");
    }
  }

  LocalTime time(String field) {
    return time(field, value(field));
  }

  static LocalTime time(String field, String text) {
    try {
      return LocalTime.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidFieldException(field, "not a time");
    }
  }

  private int integer(String field) {
    try {
      return Integer.parseInt(value(field));
    } catch (NumberFormatException e) {
      throw new InvalidFieldException(field, "not a number");
    }
  }

  private UUID uuid(String field) {
    String text = value(field);
    if (text.isEmpty()) {
      return null;
    }
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidFieldException(field, "not one of the choices");
    }
  }

  private Category category() {
    try {
      return Category.valueOf(value("category"));
    } catch (IllegalArgumentException e) {
      throw new InvalidFieldException("category", "not one of the choices");
    }
  }

  private VideoMode videoMode() {
    try {
      return VideoMode.valueOf(value("videoMode"));
    } catch (IllegalArgumentException e) {
      throw new InvalidFieldException("videoMode", "not one of the choices");
    }
  }
}
