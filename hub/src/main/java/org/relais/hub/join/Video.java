package org.relais.hub.join;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** How an open join link reaches the room: a Jitsi Meet conference, or the hub's built-in rooms. */
public sealed interface Video {
  JsonObject toJson();

  record Jitsi(String domain, String room, String jwt) implements Video {
    @Override
    public JsonObject toJson() {
      return new JsonObject().put("mode", "JITSI").put("domain", domain).put("room", room).put("jwt", jwt);
    }
  }

  record Direct(String room, String bridge, JsonArray iceServers, String iceTransportPolicy) implements Video {
    @Override
    public JsonObject toJson() {
      return new JsonObject().put("mode", "DIRECT").put("room", room).put("bridge", bridge)
          .put("iceServers", iceServers).put("iceTransportPolicy", iceTransportPolicy);
    }
  }
}
