package org.relais.protocol.site;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/**
 * What travels on a relay-site's link to the hub. Relay to hub, on {@code relais.hub.sites}: hello,
 * heartbeat, events. Hub to relay, on the site's inbox: schedule, ack, revoked, family-calls. One {@code type} field;
 * {@link #parse} is the only way in and refuses unknown types and fields, wrong types and oversize
 * values. The hub stamps {@code siteId} on what a relay sends: a relay never names itself.
 */
public sealed interface SiteMessage {
  int MAX_EVENTS = 100;
  int MAX_CALLS = 200;

  String type();

  JsonObject toJson();

  /** First message on a new link: who speaks, and how far its journal has gone. */
  record Hello(String version, long journalPosition) implements SiteMessage {
    public String type() {
      return "hello";
    }

    public JsonObject toJson() {
      return new JsonObject().put("type", type()).put("version", version).put("journalPosition", journalPosition);
    }
  }

  /** The link is alive; {@code pending} events wait in the journal for an acknowledgement. */
  record Heartbeat(long journalPosition, int pending) implements SiteMessage {
    public String type() {
      return "heartbeat";
    }

    public JsonObject toJson() {
      return new JsonObject().put("type", type()).put("journalPosition", journalPosition).put("pending", pending);
    }
  }

  /** Journaled events, oldest first; the hub answers with an {@link Ack} of those it now holds. */
  record Events(List<SiteEvent> events) implements SiteMessage {
    public Events {
      if (events.isEmpty() || events.size() > MAX_EVENTS) {
        throw new InvalidSiteMessage("events carries 1 to " + MAX_EVENTS + " events");
      }
      events = List.copyOf(events);
    }

    public String type() {
      return "events";
    }

    public JsonObject toJson() {
      return new JsonObject().put("type", type())
          .put("events", new JsonArray(events.stream().map(SiteEvent::toJson).toList()));
    }
  }

  /** The site's schedule as it stands now; sent after hello and after every change that concerns it. */
  record ScheduleUpdate(SiteSchedule schedule) implements SiteMessage {
    public String type() {
      return "schedule";
    }

    public JsonObject toJson() {
      return new JsonObject().put("type", type()).put("schedule", schedule.toJson());
    }
  }

  /** The events the hub now holds (new or already known): the relay may stop sending them. */
  record Ack(List<UUID> ids) implements SiteMessage {
    public Ack {
      ids = List.copyOf(ids);
    }

    public String type() {
      return "ack";
    }

    public JsonObject toJson() {
      return new JsonObject().put("type", type())
          .put("ids", new JsonArray(ids.stream().map(UUID::toString).toList()));
    }
  }

  /**
   * The centre's open family help calls, oldest first, whole: sent after hello and after every change to
   * one of them, so a relay that missed a message is right again at the next.
   */
  record FamilyCalls(List<FamilyCall> calls) implements SiteMessage {
    public FamilyCalls {
      if (calls.size() > MAX_CALLS) {
        throw new InvalidSiteMessage("family-calls carries at most " + MAX_CALLS + " calls");
      }
      calls = List.copyOf(calls);
    }

    public String type() {
      return "family-calls";
    }

    public JsonObject toJson() {
      return new JsonObject().put("type", type())
          .put("calls", new JsonArray(calls.stream().map(FamilyCall::toJson).toList()));
    }
  }

  /** The site's credential was revoked: the relay stops dialling until it is enrolled again. */
  record Revoked() implements SiteMessage {
    public String type() {
      return "revoked";
    }

    public JsonObject toJson() {
      return new JsonObject().put("type", type());
    }
  }

  static SiteMessage parse(Object body) {
    JsonObject json = Read.object(body, "a link message");
    String type = Read.string(json, "type", 20, true);
    return switch (type) {
      case "hello" -> {
        Read.only(json, "type", "version", "journalPosition");
        yield new Hello(Read.string(json, "version", 40, true),
            Read.number(json, "journalPosition", 0, Long.MAX_VALUE));
      }
      case "heartbeat" -> {
        Read.only(json, "type", "journalPosition", "pending");
        yield new Heartbeat(Read.number(json, "journalPosition", 0, Long.MAX_VALUE),
            (int) Read.number(json, "pending", 0, Integer.MAX_VALUE));
      }
      case "events" -> {
        Read.only(json, "type", "events");
        yield new Events(Read.array(json, "events", MAX_EVENTS).stream().map(SiteEvent::fromJson).toList());
      }
      case "schedule" -> {
        Read.only(json, "type", "schedule");
        yield new ScheduleUpdate(SiteSchedule.fromJson(json.getValue("schedule")));
      }
      case "ack" -> {
        Read.only(json, "type", "ids");
        yield new Ack(Read.array(json, "ids", MAX_EVENTS).stream().map(id -> {
          try {
            return UUID.fromString(String.valueOf(id));
          } catch (IllegalArgumentException e) {
            throw new InvalidSiteMessage("ids must be UUIDs");
          }
        }).toList());
      }
      case "family-calls" -> {
        Read.only(json, "type", "calls");
        yield new FamilyCalls(Read.array(json, "calls", MAX_CALLS).stream().map(FamilyCall::fromJson).toList());
      }
      case "revoked" -> {
        Read.only(json, "type");
        yield new Revoked();
      }
      default -> throw new InvalidSiteMessage("unknown type " + type);
    };
  }
}
