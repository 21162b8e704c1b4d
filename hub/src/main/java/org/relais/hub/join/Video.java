package org.relais.hub.join;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** How an open join link reaches the room: a Jitsi Meet conference, the hub's built-in rooms, or its broadcast. */
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

  /**
   * The hub's broadcast, watched through the link itself ({@code token}: as the link gave it, a token or a
   * short code; null when the view was read without one); {@code live}: the instructor's stream is coming in.
   */
  record Broadcast(String token, boolean live) implements Video {
    public static final java.util.List<String> RENDITIONS = java.util.List.of("360p", "720p", "audio");

    public Broadcast withToken(String given) {
      return new Broadcast(given, live);
    }

    @Override
    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("mode", "BROADCAST").put("live", live);
      if (token != null) {
        JsonObject renditions = new JsonObject();
        RENDITIONS.forEach(name -> renditions.put(name, "/b/" + token + "/" + name + ".m3u8"));
        json.put("master", "/b/" + token + "/index.m3u8").put("renditions", renditions);
      }
      return json;
    }
  }
}
