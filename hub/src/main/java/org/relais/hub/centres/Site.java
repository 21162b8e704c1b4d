package org.relais.hub.centres;

import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.relais.hub.validation.Checks;

/** A room of a centre where a relay-site puts classes on the big screen. */
public record Site(UUID id, UUID centreId, String name, int capacity, String equipment, long version) {

  public Site {
    Checks.required("id", id);
    Checks.required("centreId", centreId);
    name = Checks.text("name", name, 200);
    Checks.range("capacity", capacity, 1, 1000);
    equipment = Checks.optionalText("equipment", equipment, 2000);
  }

  public static Site fromJson(UUID id, UUID centreId, long version, JsonObject json) {
    return new Site(id, centreId, json.getString("name"), json.getInteger("capacity"), json.getString("equipment"),
        version);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("centreId", centreId.toString())
        .put("name", name)
        .put("capacity", capacity)
        .put("equipment", equipment)
        .put("version", version);
  }
}
