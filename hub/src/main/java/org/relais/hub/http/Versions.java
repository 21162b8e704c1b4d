package org.relais.hub.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/** Optimistic concurrency over HTTP: the record version as a strong ETag, required back in If-Match. */
public final class Versions {
  private Versions() {}

  public static String etag(long version) {
    return "\"" + version + "\"";
  }

  /** The version the client says it is updating, from If-Match; 428 if absent, 400 if unreadable. */
  public static long ifMatch(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.IF_MATCH);
    if (header == null || header.isBlank()) {
      throw ProblemException.preconditionRequired();
    }
    String value = header.strip();
    if (value.startsWith("W/")) {
      value = value.substring(2);
    }
    value = value.replace("\"", "");
    try {
      long version = Long.parseLong(value);
      if (version < 1) {
        throw new NumberFormatException();
      }
      return version;
    } catch (NumberFormatException e) {
      throw ProblemException.badRequest("If-Match", "If-Match must be the ETag of the record, such as \"3\"");
    }
  }
}
