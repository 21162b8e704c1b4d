package org.relais.hub.schedule;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** The JSON forms of sessions and sittings; instants carry the schedule zone's offset. */
public final class SessionJson {
  private final ZoneId zone;

  public SessionJson(ZoneId zone) {
    this.zone = zone;
  }

  public String instant(Instant instant) {
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atZone(zone).toOffsetDateTime());
  }

  public JsonObject session(Session session) {
    SessionDraft d = session.draft();
    return fields(d)
        .put("id", session.id().toString())
        .put("start", instant(d.start()))
        .put("end", instant(d.end()))
        .put("recurrence", d.recurrence() == null ? null : d.recurrence().toJson())
        .put("status", session.status().name())
        .put("version", session.version());
  }

  public JsonObject occurrence(Occurrence occurrence) {
    Session session = occurrence.session();
    return fields(session.draft())
        .put("sessionId", session.id().toString())
        .put("start", instant(occurrence.start()))
        .put("end", instant(occurrence.end()))
        .put("recurring", session.draft().recurrence() != null)
        .put("status", session.status().name());
  }

  private static JsonObject fields(SessionDraft d) {
    return new JsonObject()
        .put("title", d.title())
        .put("category", d.category().name())
        .put("description", d.description())
        .put("language", d.language())
        .put("instructorId", d.instructorId() == null ? null : d.instructorId().toString())
        .put("centreId", d.centreId().toString())
        .put("homeCapacity", d.homeCapacity())
        .put("videoMode", d.videoMode().name())
        .put("accessibility", d.accessibility());
  }
}
