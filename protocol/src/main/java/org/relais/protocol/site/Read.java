package org.relais.protocol.site;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.UUID;

/** Strict readers of link message fields: the right type, a bounded size, nothing unexpected. */
final class Read {
  private Read() {}

  static JsonObject object(Object value, String what) {
    if (!(value instanceof JsonObject json)) {
      throw new InvalidSiteMessage(what + " must be a JSON object");
    }
    return json;
  }

  static void only(JsonObject json, String... allowed) {
    Set<String> known = Set.of(allowed);
    for (String field : json.fieldNames()) {
      if (!known.contains(field)) {
        throw new InvalidSiteMessage("unknown field " + field);
      }
    }
  }

  static String string(JsonObject json, String field, int max, boolean required) {
    Object value = json.getValue(field);
    if (value == null) {
      if (required) {
        throw new InvalidSiteMessage("missing " + field);
      }
      return null;
    }
    if (!(value instanceof String text) || text.length() > max) {
      throw new InvalidSiteMessage(field + " must be a string of at most " + max + " characters");
    }
    return text;
  }

  static UUID uuid(JsonObject json, String field, boolean required) {
    String text = string(json, field, 36, required);
    try {
      return text == null ? null : UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidSiteMessage(field + " must be a UUID");
    }
  }

  static Instant instant(JsonObject json, String field) {
    try {
      return Instant.parse(string(json, field, 40, true));
    } catch (DateTimeParseException e) {
      throw new InvalidSiteMessage(field + " must be an ISO-8601 instant");
    }
  }

  static long number(JsonObject json, String field, long min, long max) {
    Object value = json.getValue(field);
    if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < min
        || ((Number) value).longValue() > max) {
      throw new InvalidSiteMessage(field + " must be a whole number from " + min + " to " + max);
    }
    return ((Number) value).longValue();
  }

  static JsonArray array(JsonObject json, String field, int max) {
    Object value = json.getValue(field);
    if (!(value instanceof JsonArray array) || array.size() > max) {
      throw new InvalidSiteMessage(field + " must be an array of at most " + max + " items");
    }
    return array;
  }

  static <E extends Enum<E>> E constant(JsonObject json, String field, Class<E> type) {
    String name = string(json, field, 40, true);
    try {
      return Enum.valueOf(type, name);
    } catch (IllegalArgumentException e) {
      throw new InvalidSiteMessage(field + " has no value " + name);
    }
  }

  /** An optional constant: absent or null gives null (a field an older peer does not send). */
  static <E extends Enum<E>> E optionalConstant(JsonObject json, String field, Class<E> type) {
    return json.getValue(field) == null ? null : constant(json, field, type);
  }
}
