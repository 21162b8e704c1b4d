package org.relais.protocol.room;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What travels in a built-in room, between browsers through the hub: WebRTC signalling (offer,
 * answer, candidate, bye), the roster (who is in, who joined, who left) and mute states. One
 * {@code type} field; {@link #parse} is the only way in and refuses unknown types, missing or unknown
 * fields, wrong types and oversize values. {@code from} is always stamped by the hub.
 */
public sealed interface RoomMessage {
  int MAX_SDP = 64 * 1024;
  int MAX_CANDIDATE = 2 * 1024;
  int MAX_NAME = 100;
  int MAX_ID = 100;
  int MAX_ROSTER = 50;

  String type();

  JsonObject toJson();

  /** The same message with the hub's word on who sent it; messages that name no sender stay as they are. */
  default RoomMessage stampedBy(String sender) {
    return this;
  }

  /** A session description (SDP) offered to one peer. */
  record Offer(String from, String sdp) implements RoomMessage {
    @Override
    public RoomMessage stampedBy(String sender) {
      return new Offer(sender, sdp);
    }

    public String type() {
      return "offer";
    }

    public JsonObject toJson() {
      return new JsonObject().put("type", type()).put("from", from).put("sdp", sdp);
    }
  }

  /** The answer to an offer. */
  record Answer(String from, String sdp) implements RoomMessage {
    @Override
    public RoomMessage stampedBy(String sender) {
      return new Answer(sender, sdp);
    }

    public String type() {
      return "answer";
    }

    public JsonObject toJson() {
      return new JsonObject().put("type", type()).put("from", from).put("sdp", sdp);
    }
  }

  /** An ICE candidate; an empty {@code candidate} says there are no more. */
  record Candidate(String from, String candidate, String sdpMid, Integer sdpMLineIndex) implements RoomMessage {
    @Override
    public RoomMessage stampedBy(String sender) {
      return new Candidate(sender, candidate, sdpMid, sdpMLineIndex);
    }

    public String type() {
      return "candidate";
    }

    public JsonObject toJson() {
      return new JsonObject().put("type", type()).put("from", from).put("candidate", candidate)
          .put("sdpMid", sdpMid).put("sdpMLineIndex", sdpMLineIndex);
    }
  }

  /** The sender closes its connection with the receiver (it leaves, or restarts from scratch). */
  record Bye(String from) implements RoomMessage {
    @Override
    public RoomMessage stampedBy(String sender) {
      return new Bye(sender);
    }

    public String type() {
      return "bye";
    }

    public JsonObject toJson() {
      return new JsonObject().put("type", type()).put("from", from);
    }
  }

  /** Someone in a room, as the others see them. */
  record Peer(String id, String name, String role) {
    JsonObject toJson() {
      return new JsonObject().put("id", id).put("name", name).put("role", role);
    }
  }

  /** Sent by the hub to a peer that just came in: who is already there. */
  record Roster(List<Peer> peers) implements RoomMessage {
    public Roster {
      peers = List.copyOf(peers);
    }

    public String type() {
      return "roster";
    }

    public JsonObject toJson() {
      return new JsonObject().put("type", type())
          .put("peers", new JsonArray(peers.stream().map(Peer::toJson).toList()));
    }
  }

  /** Published by the hub on the roster: someone came in. */
  record Joined(Peer peer) implements RoomMessage {
    public String type() {
      return "joined";
    }

    public JsonObject toJson() {
      return new JsonObject().put("type", type()).put("peer", peer.toJson());
    }
  }

  /** Published by the hub on the roster: someone left (or stopped answering). */
  record Left(String peerId) implements RoomMessage {
    public String type() {
      return "left";
    }

    public JsonObject toJson() {
      return new JsonObject().put("type", type()).put("peerId", peerId);
    }
  }

  /** Published by a peer on its room's roster: its microphone and camera are on or off. */
  record Mute(String from, boolean audio, boolean video) implements RoomMessage {
    @Override
    public RoomMessage stampedBy(String sender) {
      return new Mute(sender, audio, video);
    }

    public String type() {
      return "mute";
    }

    public JsonObject toJson() {
      return new JsonObject().put("type", type()).put("from", from).put("audio", audio).put("video", video);
    }
  }

  /** Parses a message; any deviation from the types above is an {@link InvalidMessage}. */
  static RoomMessage parse(Object raw) {
    if (!(raw instanceof JsonObject json)) {
      throw new InvalidMessage("a message is a JSON object");
    }
    String type = Fields.string(json, "type", 20, true);
    return switch (type) {
      case "offer" -> {
        Fields.only(json, "type", "from", "sdp");
        yield new Offer(Fields.id(json, "from", false), Fields.string(json, "sdp", MAX_SDP, true));
      }
      case "answer" -> {
        Fields.only(json, "type", "from", "sdp");
        yield new Answer(Fields.id(json, "from", false), Fields.string(json, "sdp", MAX_SDP, true));
      }
      case "candidate" -> {
        Fields.only(json, "type", "from", "candidate", "sdpMid", "sdpMLineIndex");
        yield new Candidate(Fields.id(json, "from", false), Fields.string(json, "candidate", MAX_CANDIDATE, true),
            Fields.string(json, "sdpMid", MAX_ID, false), Fields.integer(json, "sdpMLineIndex"));
      }
      case "bye" -> {
        Fields.only(json, "type", "from");
        yield new Bye(Fields.id(json, "from", false));
      }
      case "roster" -> {
        Fields.only(json, "type", "peers");
        JsonArray peers = Fields.array(json, "peers", MAX_ROSTER);
        List<Peer> list = new ArrayList<>();
        for (Object peer : peers) {
          list.add(Fields.peer(peer));
        }
        yield new Roster(list);
      }
      case "joined" -> {
        Fields.only(json, "type", "peer");
        yield new Joined(Fields.peer(json.getValue("peer")));
      }
      case "left" -> {
        Fields.only(json, "type", "peerId");
        yield new Left(Fields.id(json, "peerId", true));
      }
      case "mute" -> {
        Fields.only(json, "type", "from", "audio", "video");
        yield new Mute(Fields.id(json, "from", false), Fields.bool(json, "audio"), Fields.bool(json, "video"));
      }
      default -> throw new InvalidMessage("unknown message type " + type);
    };
  }

  /** Parses the text of a message. */
  static RoomMessage parse(String text) {
    try {
      return parse((Object) new JsonObject(text));
    } catch (DecodeException e) {
      throw new InvalidMessage("not JSON");
    }
  }

  /** Which types a peer may send itself; the others come from the hub only. */
  Set<String> FROM_PEERS = Set.of("offer", "answer", "candidate", "bye", "mute");

  /** A message that is not one of ours. */
  final class InvalidMessage extends RuntimeException {
    public InvalidMessage(String reason) {
      super(reason, null, false, false);
    }
  }
}
