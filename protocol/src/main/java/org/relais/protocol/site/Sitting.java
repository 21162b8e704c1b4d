package org.relais.protocol.site;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;
import org.relais.protocol.Category;
import org.relais.protocol.SittingState;

/**
 * One sitting of a session booked for a centre's room, as its relay-site shows it: what, when, and the
 * links it needs (the room screen's, the animator's, and the public page where visitors register), and
 * its state: whether the instructor has started it, ended it, or it was called off.
 */
public record Sitting(UUID sessionId, String title, Category category, String language, Instant start, Instant end,
    SittingState state, int expectedHeadCount, String screenUrl, String animatorUrl, String registerUrl) {

  public Sitting {
    if (sessionId == null || title == null || category == null || start == null || end == null || state == null) {
      throw new InvalidSiteMessage("a sitting needs its session, title, category, times and state");
    }
  }

  public boolean isOn(Instant now) {
    return state == SittingState.LIVE || (state == SittingState.SCHEDULED && !now.isBefore(start)
        && now.isBefore(end));
  }

  public JsonObject toJson() {
    return new JsonObject().put("sessionId", sessionId.toString()).put("title", title)
        .put("category", category.name()).put("language", language).put("start", start.toString())
        .put("end", end.toString()).put("state", state.name()).put("expectedHeadCount", expectedHeadCount)
        .put("screenUrl", screenUrl).put("animatorUrl", animatorUrl).put("registerUrl", registerUrl);
  }

  public static Sitting fromJson(Object value) {
    JsonObject json = Read.object(value, "a sitting");
    Read.only(json, "sessionId", "title", "category", "language", "start", "end", "state", "expectedHeadCount",
        "screenUrl", "animatorUrl", "registerUrl");
    return new Sitting(Read.uuid(json, "sessionId", true), Read.string(json, "title", 300, true),
        Read.constant(json, "category", Category.class), Read.string(json, "language", 20, false),
        Read.instant(json, "start"), Read.instant(json, "end"), Read.constant(json, "state", SittingState.class),
        (int) Read.number(json, "expectedHeadCount", 0, 1000), Read.string(json, "screenUrl", 4000, false),
        Read.string(json, "animatorUrl", 4000, false), Read.string(json, "registerUrl", 2000, false));
  }
}
