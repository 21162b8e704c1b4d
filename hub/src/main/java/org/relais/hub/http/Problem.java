package org.relais.hub.http;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * An RFC 9457 problem detail. {@code type} is stable and machine-readable, {@code title} is fixed per
 * type, {@code detail} explains this occurrence, {@code field} names the offending input if any.
 */
public record Problem(String type, String title, int status, String detail, String field,
    Map<String, Object> extensions) {

  public static final String CONTENT_TYPE = "application/problem+json";

  public Problem {
    extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
  }

  public Problem(String slug, String title, int status, String detail, String field) {
    this("urn:relais:problem:" + slug, title, status, detail, field, Map.of());
  }

  public Problem with(String name, Object value) {
    Map<String, Object> more = new java.util.HashMap<>(extensions);
    more.put(name, value);
    return new Problem(type, title, status, detail, field, more);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("type", type).put("title", title).put("status", status);
    if (detail != null) {
      json.put("detail", detail);
    }
    if (field != null) {
      json.put("field", field);
    }
    extensions.forEach(json::put);
    return json;
  }
}
