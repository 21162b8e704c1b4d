package org.relais.hub.testing;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** Request bodies the tests send, valid unless a test changes a field. */
public final class Fixtures {
  private Fixtures() {}

  public static JsonObject session(String title, UUID centreId, UUID instructorId, String start, String end) {
    return new JsonObject()
        .put("title", title)
        .put("category", "COOKING")
        .put("description", "Un plat du monde chaque semaine")
        .put("language", "fr")
        .put("instructorId", instructorId == null ? null : instructorId.toString())
        .put("centreId", centreId.toString())
        .put("start", start)
        .put("end", end)
        .put("homeCapacity", 12)
        .put("videoMode", "DIRECT");
  }
}
