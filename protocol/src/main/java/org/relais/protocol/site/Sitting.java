package org.relais.protocol.site;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;
import org.relais.protocol.Category;
import org.relais.protocol.SittingState;
import org.relais.protocol.VideoMode;

/**
 * One sitting of a session booked for a centre's room, as its relay-site shows it: what, when, and the
 * links it needs (the room screen's, the animator's, and the public page where visitors register), and
 * its state: whether the instructor has started it, ended it, or it was called off.
 *
 * <p>{@code videoMode} and {@code screenToken} (the room screen's join token) let the relay-site pull a
 * {@link VideoMode#BROADCAST} once for its whole LAN; a hub that predates them sends neither (null).
 */
public record Sitting(UUID sessionId, String title, Category category, String language, Instant start, Instant end,
    SittingState state, int expectedHeadCount, String screenUrl, String animatorUrl, String registerUrl,
    VideoMode videoMode, String screenToken) {

  public Sitting {
    if (sessionId == null || title == null || category == null || start == null || end == null || state == null) {
      throw new InvalidSiteMessage("a sitting needs its session, title, category, times and state");
    }
  }

  /** A sitting whose video mode the relay-site need not know (no broadcast to pull). */
  public Sitting(UUID sessionId, String title, Category category, String language, Instant start, Instant end,
      SittingState state, int expectedHeadCount, String screenUrl, String animatorUrl, String registerUrl) {
    this(sessionId, title, category, language, start, end, state, expectedHeadCount, screenUrl, animatorUrl,
        registerUrl, null, null);
  }

  public boolean isOn(Instant now) {
    return state == SittingState.LIVE || (state == SittingState.SCHEDULED && !now.isBefore(start)
        && now.isBefore(end));
  }

  /** A broadcast the relay-site can pull: the hub said so and gave the screen's token. */
  public boolean isBroadcast() {
    return videoMode == VideoMode.BROADCAST && screenToken != null;
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("sessionId", sessionId.toString()).put("title", title)
        .put("category", category.name()).put("language", language).put("start", start.toString())
        .put("end", end.toString()).put("state", state.name()).put("expectedHeadCount", expectedHeadCount)
        .put("screenUrl", screenUrl).put("animatorUrl", animatorUrl).put("registerUrl", registerUrl);
    if (videoMode != null) {
      json.put("videoMode", videoMode.name());
    }
    if (screenToken != null) {
      json.put("screenToken", screenToken);
    }
    return json;
  }

  public static Sitting fromJson(Object value) {
    JsonObject json = Read.object(value, "a sitting");
    Read.only(json, "sessionId", "title", "category", "language", "start", "end", "state", "expectedHeadCount",
        "screenUrl", "animatorUrl", "registerUrl", "videoMode", "screenToken");
    return new Sitting(Read.uuid(json, "sessionId", true), Read.string(json, "title", 300, true),
        Read.constant(json, "category", Category.class), Read.string(json, "language", 20, false),
        Read.instant(json, "start"), Read.instant(json, "end"), Read.constant(json, "state", SittingState.class),
        (int) Read.number(json, "expectedHeadCount", 0, 1000), Read.string(json, "screenUrl", 4000, false),
        Read.string(json, "animatorUrl", 4000, false), Read.string(json, "registerUrl", 2000, false),
        Read.optionalConstant(json, "videoMode", VideoMode.class), Read.string(json, "screenToken", 4000, false));
  }
}
