package org.relais.hub.help;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * A family's call for help to its session's centre: waiting in the centre's queue, taken by a staff
 * member (both then meet in built-in room {@code roomName}), or over.
 */
public record HelpCall(UUID id, UUID sessionId, UUID centreId, UUID registrationId, String displayName,
    String message, Status status, String roomName, UUID takenBy, String takenByName, long version,
    Instant createdAt) {

  public enum Status {
    WAITING, TAKEN, CANCELLED, DONE;

    public boolean isOpen() {
      return this == WAITING || this == TAKEN;
    }
  }

  public HelpCall takenBy(UUID staffId, String name) {
    return new HelpCall(id, sessionId, centreId, registrationId, displayName, message, Status.TAKEN, roomName, staffId,
        name, version + 1, createdAt);
  }

  /** Ended: CANCELLED if nobody had taken it yet, DONE otherwise. */
  public HelpCall ended() {
    return new HelpCall(id, sessionId, centreId, registrationId, displayName, message,
        status == Status.WAITING ? Status.CANCELLED : Status.DONE, roomName, takenBy, takenByName, version + 1,
        createdAt);
  }

  /** As staff and their consoles see it; the room's name is for its two ends only, through tickets. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("sessionId", sessionId.toString())
        .put("centreId", centreId.toString())
        .put("displayName", displayName)
        .put("message", message)
        .put("status", status.name())
        .put("takenBy", takenBy == null ? null : takenBy.toString())
        .put("takenByName", takenByName)
        .put("createdAt", createdAt.toString())
        .put("version", version);
  }
}
