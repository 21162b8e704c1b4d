package org.relais.hub.schedule;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.util.UUID;
import java.util.regex.Pattern;
import org.relais.hub.validation.Checks;
import org.relais.hub.validation.InvalidFieldException;
import org.relais.protocol.Category;
import org.relais.protocol.VideoMode;

/** What a coordinator or instructor says about a session: everything but its id, status and version. */
public record SessionDraft(String title, Category category, String description, String language, UUID instructorId,
    UUID centreId, Instant start, Instant end, Recurrence recurrence, int homeCapacity, VideoMode videoMode,
    String accessibility) {

  public static final Duration MAX_DURATION = Duration.ofHours(12);
  static final int TITLE_MAX = 200;
  static final int DESCRIPTION_MAX = 5000;
  static final int ACCESSIBILITY_MAX = 2000;
  static final int HOME_CAPACITY_MAX = 10_000;
  public static final Period MAX_SERIES = Period.ofYears(2);
  private static final Pattern LANGUAGE = Pattern.compile("^[a-z]{2,3}$");

  public SessionDraft {
    title = Checks.text("title", title, TITLE_MAX);
    Checks.required("category", category);
    description = Checks.optionalText("description", description, DESCRIPTION_MAX);
    language = Checks.text("language", language, 8);
    if (!LANGUAGE.matcher(language).matches()) {
      throw new InvalidFieldException("language", "language must be an ISO 639 code such as fr or ar");
    }
    Checks.required("centreId", centreId);
    Checks.required("start", start);
    Checks.required("end", end);
    if (!end.isAfter(start)) {
      throw new InvalidFieldException("end", "end must be after start");
    }
    if (Duration.between(start, end).compareTo(MAX_DURATION) > 0) {
      throw new InvalidFieldException("end", "a session lasts at most 12 hours");
    }
    Checks.range("homeCapacity", homeCapacity, 0, HOME_CAPACITY_MAX);
    Checks.required("videoMode", videoMode);
    accessibility = Checks.optionalText("accessibility", accessibility, ACCESSIBILITY_MAX);
  }

  /** Checks the recurrence against the start in the schedule's zone; done by the service, which knows the zone. */
  public void checkRecurrence(ZoneId zone) {
    if (recurrence == null) {
      return;
    }
    var localStart = start.atZone(zone);
    if (!recurrence.weekdays().contains(localStart.getDayOfWeek())) {
      throw new InvalidFieldException("recurrence.weekdays",
          "the first session (start) must fall on one of recurrence.weekdays");
    }
    if (recurrence.until() != null) {
      if (recurrence.until().isBefore(localStart.toLocalDate())) {
        throw new InvalidFieldException("recurrence.until", "recurrence.until must not be before start");
      }
      if (recurrence.until().isAfter(localStart.toLocalDate().plus(MAX_SERIES))) {
        throw new InvalidFieldException("recurrence.until", "a series lasts at most two years");
      }
    }
  }

  public static SessionDraft fromJson(JsonObject json) {
    return new SessionDraft(json.getString("title"),
        Checks.enumValue("category", Category.class, json.getString("category")),
        json.getString("description"), json.getString("language"),
        Checks.uuid("instructorId", json.getString("instructorId")),
        Checks.uuid("centreId", json.getString("centreId")),
        Checks.instant("start", json.getString("start")), Checks.instant("end", json.getString("end")),
        Recurrence.fromJson(json.getJsonObject("recurrence")), json.getInteger("homeCapacity", 0),
        Checks.enumValue("videoMode", VideoMode.class, json.getString("videoMode", VideoMode.DIRECT.name())),
        json.getString("accessibility"));
  }

}
