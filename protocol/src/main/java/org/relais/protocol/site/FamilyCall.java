package org.relais.protocol.site;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * A family's call for help to the centre, as its relay-sites' kiosks list it: who calls, for which class,
 * since when, what they said, and whether someone ({@code takenBy}, {@code takenByName}) has taken it.
 */
public record FamilyCall(UUID id, String displayName, String sessionTitle, Instant createdAt, String message,
    boolean taken, UUID takenBy, String takenByName) {
  public static final int MAX_MESSAGE = 500;

  public FamilyCall {
    if (id == null || displayName == null || sessionTitle == null || createdAt == null) {
      throw new InvalidSiteMessage("a family's call names its id, family, class and time");
    }
    if (!taken && (takenBy != null || takenByName != null)) {
      throw new InvalidSiteMessage("only a taken call names who took it");
    }
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id.toString()).put("displayName", displayName).put("sessionTitle", sessionTitle)
        .put("createdAt", createdAt.toString()).put("message", message).put("taken", taken)
        .put("takenBy", takenBy == null ? null : takenBy.toString()).put("takenByName", takenByName);
  }

  public static FamilyCall fromJson(Object value) {
    JsonObject json = Read.object(value, "a family's call");
    Read.only(json, "id", "displayName", "sessionTitle", "createdAt", "message", "taken", "takenBy", "takenByName");
    if (!(json.getValue("taken") instanceof Boolean taken)) {
      throw new InvalidSiteMessage("taken must be true or false");
    }
    return new FamilyCall(Read.uuid(json, "id", true), Read.string(json, "displayName", 100, true),
        Read.string(json, "sessionTitle", 300, true), Read.instant(json, "createdAt"),
        Read.string(json, "message", MAX_MESSAGE, false), taken, Read.uuid(json, "takenBy", false),
        Read.string(json, "takenByName", 200, false));
  }
}
