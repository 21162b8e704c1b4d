package org.relais.loadtest.sites;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.UUID;

/**
 * The hub's HTTP API as staff, relays and consoles call it: sign in, ask for a site's enrolment code,
 * enrol, and trade a credential or a staff token for a live-bridge ticket.
 */
final class HubCalls {
  static final String HOST = "127.0.0.1";
  static final String PASSWORD = "relais-bench-2026";

  private final HttpClient http;
  private final int port;

  HubCalls(HttpClient http, int port) {
    this.http = http;
    this.port = port;
  }

  /** A staff bearer token. */
  Future<String> login(String email, String password) {
    return post("/api/v1/auth/login", null, new JsonObject().put("email", email).put("password", password), 200)
        .map(answer -> answer.getString("token"));
  }

  /** A single-use enrolment code for the room's relay, as a coordinator asks for it. */
  Future<String> enrolmentCode(String bearer, UUID siteId) {
    return post("/api/v1/sites/" + siteId + "/credentials", bearer, null, 201).map(answer -> answer.getString("code"));
  }

  /** What a relay gets for its code: siteId, siteName, centreId, centreName, credential. */
  Future<JsonObject> enrol(String code) {
    return post("/api/v1/sites/enrol", null, new JsonObject().put("code", code), 201);
  }

  /** A relay's ticket to open its link: ticket, url, heartbeatSeconds. */
  Future<JsonObject> siteTicket(String credential) {
    return post("/api/v1/site-link/ticket", credential, null, 201);
  }

  /** A console's ticket to follow one session's live figures. */
  Future<JsonObject> consoleTicket(String bearer, UUID sessionId) {
    return post("/api/v1/sessions/" + sessionId + "/live/ticket", bearer, null, 201);
  }

  private Future<JsonObject> post(String uri, String bearer, JsonObject body, int expected) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(HOST).setPort(port).setURI(uri);
    if (bearer != null) {
      options.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + bearer);
    }
    if (body != null) {
      options.putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
    }
    return http.request(options)
        .compose(request -> body == null ? request.send() : request.send(body.toBuffer()))
        .compose(response -> response.body().map(answer -> {
          if (response.statusCode() != expected) {
            throw new IllegalStateException("POST " + uri.replaceAll("[0-9a-f-]{36}", "{id}") + " answered HTTP "
                + response.statusCode() + " " + answer);
          }
          return answer.length() == 0 ? new JsonObject() : answer.toJsonObject();
        }));
  }

  /** The path and query of the socket a ticket names: the hub's idea of its own host may not be ours. */
  static String socketUri(String url) {
    URI given = URI.create(url);
    return given.getRawPath() + "?" + given.getRawQuery();
  }
}
