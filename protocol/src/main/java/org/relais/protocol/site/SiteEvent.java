package org.relais.protocol.site;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * Something that happened in a centre's room, recorded first in the relay-site's journal and then
 * forwarded to the hub, which keeps each {@code id} once. {@code delta} is the change in head count
 * (a check-in adds its household), {@code label} the check-in's name, the help seat or the question,
 * {@code ref} the help request a HELP_DONE closes.
 */
public record SiteEvent(UUID id, Kind kind, UUID sessionId, Instant at, int delta, String label, UUID ref) {
  public static final int MAX_LABEL = 200;
  public static final int MAX_DELTA = 50;

  public enum Kind {
    HEAD_COUNT, CHECK_IN, HELP_REQUESTED, HELP_DONE, SCREEN_OPENED, QUESTION;

    /** Whether events of this kind move the room's head count. */
    public boolean counts() {
      return this == HEAD_COUNT || this == CHECK_IN;
    }
  }

  public SiteEvent {
    if (id == null || kind == null || at == null) {
      throw new InvalidSiteMessage("an event needs an id, a kind and a time");
    }
    if (Math.abs(delta) > MAX_DELTA || (!kind.counts() && delta != 0) || (kind == Kind.CHECK_IN && delta < 1)) {
      throw new InvalidSiteMessage("delta does not fit a " + kind + " event");
    }
    if (label != null && label.length() > MAX_LABEL) {
      throw new InvalidSiteMessage("label is too long");
    }
    if ((kind == Kind.HELP_DONE) != (ref != null)) {
      throw new InvalidSiteMessage("ref names the help request a HELP_DONE closes, and nothing else");
    }
    if ((kind == Kind.HEAD_COUNT || kind == Kind.CHECK_IN || kind == Kind.SCREEN_OPENED || kind == Kind.QUESTION)
        && sessionId == null) {
      throw new InvalidSiteMessage("a " + kind + " event names its session");
    }
  }

  public static SiteEvent of(Kind kind, UUID sessionId, Instant at, int delta, String label, UUID ref) {
    return new SiteEvent(UUID.randomUUID(), kind, sessionId, at, delta, label, ref);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("id", id.toString()).put("kind", kind.name()).put("at", at.toString());
    if (sessionId != null) {
      json.put("sessionId", sessionId.toString());
    }
    if (delta != 0) {
      json.put("delta", delta);
    }
    if (label != null) {
      json.put("label", label);
    }
    if (ref != null) {
      json.put("ref", ref.toString());
    }
    return json;
  }

  public static SiteEvent fromJson(Object value) {
    JsonObject json = Read.object(value, "an event");
    Read.only(json, "id", "kind", "sessionId", "at", "delta", "label", "ref");
    return new SiteEvent(Read.uuid(json, "id", true), Read.constant(json, "kind", Kind.class),
        Read.uuid(json, "sessionId", false), Read.instant(json, "at"),
        json.containsKey("delta") ? (int) Read.number(json, "delta", -MAX_DELTA, MAX_DELTA) : 0,
        Read.string(json, "label", MAX_LABEL, false), Read.uuid(json, "ref", false));
  }
}
