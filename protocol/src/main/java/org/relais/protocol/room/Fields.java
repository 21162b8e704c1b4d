package org.relais.protocol.room;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/** Strict readers of message fields: the right type, a bounded size, nothing unexpected. */
final class Fields {
  private Fields() {}

  static void only(JsonObject json, String... allowed) {
    Set<String> known = Set.of(allowed);
    for (String field : json.fieldNames()) {
      if (!known.contains(field)) {
        throw new RoomMessage.InvalidMessage("unknown field " + field);
      }
    }
  }

  static String string(JsonObject json, String field, int max, boolean required) {
    Object value = json.getValue(field);
    if (value == null) {
      if (required) {
        throw new RoomMessage.InvalidMessage("missing " + field);
      }
      return null;
    }
    if (!(value instanceof String text)) {
      throw new RoomMessage.InvalidMessage(field + " must be a string");
    }
    if (text.length() > max) {
      throw new RoomMessage.InvalidMessage(field + " is too long");
    }
    return text;
  }

  static String id(JsonObject json, String field, boolean required) {
    String id = string(json, field, RoomMessage.MAX_ID, required);
    if (id != null && !id.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
        || c == '_')) {
      throw new RoomMessage.InvalidMessage(field + " is not an id");
    }
    return id;
  }

  static Integer integer(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 0
        || ((Number) value).longValue() > 1000) {
      throw new RoomMessage.InvalidMessage(field + " must be a small whole number");
    }
    return ((Number) value).intValue();
  }

  static boolean bool(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (!(value instanceof Boolean flag)) {
      throw new RoomMessage.InvalidMessage(field + " must be true or false");
    }
    return flag;
  }

  static JsonArray array(JsonObject json, String field, int max) {
    Object value = json.getValue(field);
    if (!(value instanceof JsonArray array)) {
      throw new RoomMessage.InvalidMessage(field + " must be a list");
    }
    if (array.size() > max) {
      throw new RoomMessage.InvalidMessage(field + " is too long");
    }
    return array;
  }

  static RoomMessage.Peer peer(Object value) {
    if (!(value instanceof JsonObject json)) {
      throw new RoomMessage.InvalidMessage("a peer is an object");
    }
    only(json, "id", "name", "role");
    return new RoomMessage.Peer(id(json, "id", true), string(json, "name", RoomMessage.MAX_NAME, true),
        string(json, "role", 20, true));
  }
}
