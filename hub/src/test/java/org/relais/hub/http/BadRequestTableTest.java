package org.relais.hub.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.relais.hub.centres.Centre;
import org.relais.hub.centres.Site;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.storage.Cursor;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.TestDatabase;
import org.relais.protocol.Role;

/**
 * Nothing a client sends yields a 500 or a stack trace, and a refused request changes nothing.
 *
 * <p>Each row is one bad request against a real hub (one per database, shared by the whole table): it
 * must get exactly the expected status as a problem+json with a stable type, its title, the same
 * status, the offending field when one input is at fault, no trace of the server's insides, and every
 * table must read the same before and after.
 */
class BadRequestTableTest {
  private static final int MAX_BODY_BYTES = 8192;
  private static final String SECRET = "table-test-secret-0123456789abcdef0123";
  private static final String OTHER_SECRET = "someone-elses-secret-0123456789abcdef";
  private static final Duration TOKEN_TTL = Duration.ofHours(8);
  private static final String UNKNOWN_ID = "0b5e2f4c-9d51-4c59-a3c8-6f1d3e2a7b90";
  private static final List<String> TABLES = List.of("centres", "sites", "staff", "staff_centres", "sessions");
  private static final Map<String, String> ORDER = Map.of(
      "centres", "id", "sites", "id", "staff", "id", "staff_centres", "staff_id, centre_id", "sessions", "id");

  /** The hub of the database kind whose rows are running; rows come database by database. */
  private static final Map<String, Fixture> HUBS = new HashMap<>();

  // --- the table --------------------------------------------------------------------------------

  /** Who calls: a role's real token, no token, or a token that must not be honoured. */
  enum Caller {
    ANONYMOUS, ADMIN, COORDINATOR_A, COORDINATOR_B, INSTRUCTOR_A, ANIMATOR_A,
    FORGED, ALG_NONE, EXPIRED, DELETED_ACCOUNT, NOT_A_JWT, BASIC_AUTH, SQL_SUBJECT
  }

  /** Problem types and their fixed titles. */
  enum Problem {
    INVALID_REQUEST("invalid-request", "Invalid request"),
    MALFORMED_JSON("malformed-json", "Malformed JSON"),
    INVALID_VALUE("invalid-value", "Invalid value"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type"),
    PAYLOAD_TOO_LARGE("payload-too-large", "Payload too large"),
    UNAUTHORIZED("unauthorized", "Authentication required"),
    INVALID_CREDENTIALS("invalid-credentials", "Invalid credentials"),
    FORBIDDEN("forbidden", "Forbidden"),
    NOT_FOUND("not-found", "Not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed"),
    CONFLICT("conflict", "Conflict"),
    VERSION_MISMATCH("version-mismatch", "Version mismatch"),
    PRECONDITION_REQUIRED("precondition-required", "Precondition required"),
    TOO_MANY_REQUESTS("too-many-requests", "Too many requests"),
    URI_TOO_LONG("uri-too-long", "URI too long"),
    HEADERS_TOO_LARGE("headers-too-large", "Request headers too large");

    final String type;
    final String title;

    Problem(String slug, String title) {
      this.type = "urn:relais:problem:" + slug;
      this.title = title;
    }
  }

  /** Something a row needs done just before its request. */
  enum Before {
    NOTHING,
    /** Uses up the sign-in attempts of the rate-limited account with wrong passwords. */
    EXHAUST_LOGINS
  }

  /**
   * One bad request and the answer it must get. Paths, headers and bodies may name the fixture's
   * records as {@code {centreA}}, {@code {sessionA}} and so on; {@code field} null means no field.
   */
  record Row(String name, HttpMethod method, String path, Caller caller, Map<String, String> headers, String body,
      int status, Problem problem, String field, Before before) {

    static Row of(String name) {
      return new Row(name, HttpMethod.GET, "/", Caller.ANONYMOUS, Map.of(), null, 0, null, null, Before.NOTHING);
    }

    Row get(String path) {
      return call(HttpMethod.GET, path);
    }

    Row post(String path) {
      return call(HttpMethod.POST, path);
    }

    Row put(String path) {
      return call(HttpMethod.PUT, path);
    }

    Row delete(String path) {
      return call(HttpMethod.DELETE, path);
    }

    Row call(HttpMethod verb, String apiPath) {
      return new Row(name, verb, "/api/v1" + apiPath, caller, headers, body, status, problem, field, before);
    }

    Row as(Caller who) {
      return new Row(name, method, path, who, headers, body, status, problem, field, before);
    }

    Row header(String header, String value) {
      Map<String, String> more = new LinkedHashMap<>(headers);
      more.put(header, value);
      return new Row(name, method, path, caller, Map.copyOf(more), body, status, problem, field, before);
    }

    Row body(String raw) {
      return new Row(name, method, path, caller, headers, raw, status, problem, field, before);
    }

    Row before(Before step) {
      return new Row(name, method, path, caller, headers, body, status, problem, field, step);
    }

    Row expect(int expectedStatus, Problem expectedProblem, String expectedField) {
      return new Row(name, method, path, caller, headers, body, expectedStatus, expectedProblem, expectedField,
          before);
    }

    @Override
    public String toString() {
      return name + " → " + status;
    }
  }

  static final List<Row> ROWS = List.of(
      // auth ----------------------------------------------------------------------------------------
      Row.of("login: body cut short").post("/auth/login").body("{\"email\": \"admin@relais.test\", \"pass")
          .expect(400, Problem.MALFORMED_JSON, "body"),
      Row.of("login: single quotes instead of JSON").post("/auth/login").body("{'email': 'a@b.fr'}")
          .expect(400, Problem.MALFORMED_JSON, "body"),
      Row.of("login: a JSON array").post("/auth/login").body("[\"admin@relais.test\", \"password\"]")
          .expect(400, Problem.INVALID_REQUEST, "body"),
      Row.of("login: JSON null").post("/auth/login").body("null")
          .expect(400, Problem.INVALID_REQUEST, "body"),
      Row.of("login: no body at all").post("/auth/login")
          .expect(400, Problem.INVALID_REQUEST, "body"),
      Row.of("login: password missing").post("/auth/login").body(json(j -> j.put("email", "a@b.fr")))
          .expect(400, Problem.INVALID_REQUEST, "password"),
      Row.of("login: email is a number").post("/auth/login").body(json(j -> j.put("email", 42).put("password", "x")))
          .expect(400, Problem.INVALID_REQUEST, "email"),
      Row.of("login: unknown field").post("/auth/login")
          .body(json(j -> j.put("email", "a@b.fr").put("password", "x").put("admin", true)))
          .expect(400, Problem.INVALID_REQUEST, "admin"),
      Row.of("login: sent as a form").post("/auth/login").header("Content-Type", "application/x-www-form-urlencoded")
          .body("email=a%40b.fr&password=x")
          .expect(415, Problem.UNSUPPORTED_MEDIA_TYPE, "Content-Type"),
      Row.of("login: a comment in the JSON").post("/auth/login")
          .body("{/* hi */\"email\": \"a@b.fr\", \"password\": \"x\"}")
          .expect(400, Problem.MALFORMED_JSON, "body"),
      Row.of("login: the same key twice").post("/auth/login")
          .body("{\"email\": 12345, \"email\": \"a@b.fr\", \"password\": \"x\"}")
          .expect(400, Problem.MALFORMED_JSON, "email"),
      Row.of("login: garbage after the JSON").post("/auth/login")
          .body(json(j -> j.put("email", "a@b.fr").put("password", "x")) + " // more")
          .expect(400, Problem.MALFORMED_JSON, "body"),
      Row.of("login: sent as JSON Patch").post("/auth/login").header("Content-Type", "application/json-patch+json")
          .body(json(j -> j.put("email", "a@b.fr").put("password", "x")))
          .expect(415, Problem.UNSUPPORTED_MEDIA_TYPE, "Content-Type"),
      Row.of("login: JSON in UTF-16").post("/auth/login").header("Content-Type", "application/json; charset=utf-16")
          .body(json(j -> j.put("email", "a@b.fr").put("password", "x")))
          .expect(415, Problem.UNSUPPORTED_MEDIA_TYPE, "Content-Type"),
      Row.of("login: JSON with an unknown media type parameter").post("/auth/login")
          .header("Content-Type", "application/json; profile=x").body(json(j -> j.put("email", "a@b.fr")))
          .expect(415, Problem.UNSUPPORTED_MEDIA_TYPE, "Content-Type"),
      Row.of("me: a GET with a form body").get("/auth/me").header("Content-Type", "application/x-www-form-urlencoded")
          .body("email=a%40b.fr")
          .expect(401, Problem.UNAUTHORIZED, "Authorization"),
      Row.of("login: body over http.maxBodyBytes").post("/auth/login")
          .body(json(j -> j.put("email", "a@b.fr").put("password", "p".repeat(MAX_BODY_BYTES))))
          .expect(413, Problem.PAYLOAD_TOO_LARGE, "body"),
      Row.of("login: GET instead of POST").get("/auth/login")
          .expect(405, Problem.METHOD_NOT_ALLOWED, null),
      Row.of("login: wrong password").post("/auth/login")
          .body(json(j -> j.put("email", "{adminEmail}").put("password", "not the password")))
          .expect(401, Problem.INVALID_CREDENTIALS, "password"),
      Row.of("login: SQL in the e-mail").post("/auth/login")
          .body(json(j -> j.put("email", "' OR '1'='1' --").put("password", "' OR '1'='1' --")))
          .expect(401, Problem.INVALID_CREDENTIALS, "password"),
      Row.of("login: NUL in the e-mail").post("/auth/login")
          .body(json(j -> j.put("email", "a\u0000@b.fr").put("password", "x")))
          .expect(401, Problem.INVALID_CREDENTIALS, "password"),
      Row.of("login: too many attempts on one account").post("/auth/login")
          .body(json(j -> j.put("email", "{targetEmail}").put("password", "guess number six")))
          .before(Before.EXHAUST_LOGINS)
          .expect(429, Problem.TOO_MANY_REQUESTS, null),
      Row.of("me: no token").get("/auth/me")
          .expect(401, Problem.UNAUTHORIZED, "Authorization"),
      Row.of("me: token signed with another secret").get("/auth/me").as(Caller.FORGED)
          .expect(401, Problem.UNAUTHORIZED, "Authorization"),
      Row.of("me: unsigned token (alg none)").get("/auth/me").as(Caller.ALG_NONE)
          .expect(401, Problem.UNAUTHORIZED, "Authorization"),
      Row.of("me: token past auth.tokenTtl").get("/auth/me").as(Caller.EXPIRED)
          .expect(401, Problem.UNAUTHORIZED, "Authorization"),
      Row.of("me: token of a deleted account").get("/auth/me").as(Caller.DELETED_ACCOUNT)
          .expect(401, Problem.UNAUTHORIZED, "Authorization"),
      Row.of("me: 20 KB Authorization header").get("/auth/me").header("Authorization", "Bearer " + "x".repeat(20_000))
          .expect(431, Problem.HEADERS_TOO_LARGE, null),
      Row.of("me: bearer that is not a JWT").get("/auth/me").as(Caller.NOT_A_JWT)
          .expect(401, Problem.UNAUTHORIZED, "Authorization"),
      Row.of("me: basic credentials instead of a bearer").get("/auth/me").as(Caller.BASIC_AUTH)
          .expect(401, Problem.UNAUTHORIZED, "Authorization"),
      Row.of("me: genuine signature, SQL as the subject").get("/auth/me").as(Caller.SQL_SUBJECT)
          .expect(401, Problem.UNAUTHORIZED, "Authorization"),

      // sessions: bodies ---------------------------------------------------------------------------
      Row.of("sessions: trailing comma").post("/sessions").as(Caller.ADMIN)
          .body("{\"title\": \"Couscous\", \"category\": \"COOKING\",}")
          .expect(400, Problem.MALFORMED_JSON, "body"),
      Row.of("sessions: two JSON documents").post("/sessions").as(Caller.ADMIN)
          .body(session(j -> { }) + " {}")
          .expect(400, Problem.MALFORMED_JSON, "body"),
      Row.of("sessions: arrays nested 4000 deep").post("/sessions").as(Caller.ADMIN)
          .body("[".repeat(4000) + "]".repeat(4000))
          .expect(400, Problem.MALFORMED_JSON, "body"),
      Row.of("sessions: the same key twice in recurrence").post("/sessions").as(Caller.ADMIN)
          .body(session(j -> { }).replace("\"videoMode\"",
              "\"recurrence\":{\"weekdays\":[\"TU\"],\"count\":3,\"count\":400},\"videoMode\""))
          .expect(400, Problem.MALFORMED_JSON, "recurrence.count"),
      Row.of("sessions: a GET with a form body").get("/sessions/not-a-uuid")
          .header("Content-Type", "application/x-www-form-urlencoded").body("title=x&category=COOKING")
          .expect(400, Problem.INVALID_REQUEST, "sessionId"),
      Row.of("sessions: a JSON string").post("/sessions").as(Caller.ADMIN).body("\"Couscous\"")
          .expect(400, Problem.INVALID_REQUEST, "body"),
      Row.of("sessions: title is a number").post("/sessions").as(Caller.ADMIN)
          .body(session(j -> j.put("title", 42)))
          .expect(400, Problem.INVALID_REQUEST, "title"),
      Row.of("sessions: homeCapacity is a string").post("/sessions").as(Caller.ADMIN)
          .body(session(j -> j.put("homeCapacity", "12")))
          .expect(400, Problem.INVALID_REQUEST, "homeCapacity"),
      Row.of("sessions: homeCapacity is a fraction").post("/sessions").as(Caller.ADMIN)
          .body(session(j -> j.put("homeCapacity", 1.5)))
          .expect(400, Problem.INVALID_REQUEST, "homeCapacity"),
      Row.of("sessions: recurrence is an array").post("/sessions").as(Caller.ADMIN)
          .body(session(j -> j.put("recurrence", new JsonArray().add("TU"))))
          .expect(400, Problem.INVALID_REQUEST, "recurrence"),
      Row.of("sessions: title missing").post("/sessions").as(Caller.ADMIN)
          .body(session(j -> j.remove("title")))
          .expect(400, Problem.INVALID_REQUEST, "title"),
      Row.of("sessions: end missing").post("/sessions").as(Caller.ADMIN)
          .body(session(j -> j.remove("end")))
          .expect(400, Problem.INVALID_REQUEST, "end"),
      Row.of("sessions: unknown field").post("/sessions").as(Caller.ADMIN)
          .body(session(j -> j.put("price", 5)))
          .expect(400, Problem.INVALID_REQUEST, "price"),
      Row.of("sessions: unknown field in recurrence").post("/sessions").as(Caller.ADMIN)
          .body(session(j -> j.put("recurrence", new JsonObject().put("weekdays", new JsonArray().add("TU"))
              .put("count", 3).put("every", 2))))
          .expect(400, Problem.INVALID_REQUEST, "recurrence.every"),
      Row.of("sessions: blank title").post("/sessions").as(Caller.ADMIN)
          .body(session(j -> j.put("title", "   ")))
          .expect(422, Problem.INVALID_VALUE, "title"),
      Row.of("sessions: NUL byte in the title").post("/sessions").as(Caller.ADMIN)
          .body(session(j -> j.put("title", "Couscous\u0000")))
          .expect(422, Problem.INVALID_VALUE, "title"),
      Row.of("sessions: empty body sent as JSON").post("/sessions").as(Caller.ADMIN).body("")
          .expect(400, Problem.INVALID_REQUEST, "body"),
      Row.of("sessions: JSON body with an empty Content-Type").post("/sessions").as(Caller.ADMIN)
          .header("Content-Type", "").body(session(j -> { }))
          .expect(415, Problem.UNSUPPORTED_MEDIA_TYPE, "Content-Type"),
      Row.of("sessions: homeCapacity 1e400").post("/sessions").as(Caller.ADMIN)
          .body(session(j -> { }).replace("\"homeCapacity\":12", "\"homeCapacity\":1e400"))
          .expect(400, Problem.INVALID_REQUEST, "homeCapacity"),
      Row.of("sessions: lasting thirteen hours").post("/sessions").as(Caller.ADMIN)
          .body(session(j -> j.put("end", "2026-12-02T02:00:00Z")))
          .expect(422, Problem.INVALID_VALUE, "end"),
      Row.of("sessions: series running five years").post("/sessions").as(Caller.ADMIN)
          .body(session(j -> j.put("recurrence", new JsonObject().put("weekdays", new JsonArray().add("TU"))
              .put("until", "2031-12-01"))))
          .expect(422, Problem.INVALID_VALUE, "recurrence.until"),
      Row.of("sessions: start without offset").post("/sessions").as(Caller.ADMIN)
          .body(session(j -> j.put("start", "2026-12-01T14:00:00")))
          .expect(422, Problem.INVALID_VALUE, "start"),
      Row.of("sessions: 30 February").post("/sessions").as(Caller.ADMIN)
          .body(session(j -> j.put("start", "2027-02-30T14:00:00+01:00").put("end", "2027-02-30T15:00:00+01:00")))
          .expect(422, Problem.INVALID_VALUE, "start"),
      Row.of("sessions: French date format").post("/sessions").as(Caller.ADMIN)
          .body(session(j -> j.put("end", "01/12/2026 16:00")))
          .expect(422, Problem.INVALID_VALUE, "end"),
      Row.of("sessions: end before start").post("/sessions").as(Caller.ADMIN)
          .body(session(j -> j.put("end", "2026-12-01T12:00:00Z")))
          .expect(422, Problem.INVALID_VALUE, "end"),
      Row.of("sessions: start in the year 20000").post("/sessions").as(Caller.ADMIN)
          .body(session(j -> j.put("start", "+20000-12-01T13:00:00Z").put("end", "+20000-12-01T15:00:00Z")))
          .expect(422, Problem.INVALID_VALUE, "start"),
      Row.of("sessions: SQL as category").post("/sessions").as(Caller.ADMIN)
          .body(session(j -> j.put("category", "COOKING'; DROP TABLE sessions; --")))
          .expect(400, Problem.INVALID_REQUEST, "category"),
      Row.of("sessions: script as language").post("/sessions").as(Caller.ADMIN)
          .body(session(j -> j.put("language", "<script>alert(1)</script>")))
          .expect(400, Problem.INVALID_REQUEST, "language"),
      Row.of("sessions: SQL as centreId").post("/sessions").as(Caller.ADMIN)
          .body(session(j -> j.put("centreId", "1 OR 1=1")))
          .expect(422, Problem.INVALID_VALUE, "centreId"),
      Row.of("sessions: centreId of no centre").post("/sessions").as(Caller.ADMIN)
          .body(session(j -> j.put("centreId", UNKNOWN_ID)))
          .expect(422, Problem.INVALID_VALUE, "centreId"),
      Row.of("sessions: instructorId of no one").post("/sessions").as(Caller.ADMIN)
          .body(session(j -> j.put("instructorId", UNKNOWN_ID)))
          .expect(422, Problem.INVALID_VALUE, "instructorId"),
      Row.of("sessions: instructor already teaching then").post("/sessions").as(Caller.ADMIN)
          .body(session(j -> j.put("instructorId", "{instructorA}").put("start", "2026-11-24T14:00:00Z")
              .put("end", "2026-11-24T16:00:00Z")))
          .expect(409, Problem.CONFLICT, "instructorId"),
      Row.of("sessions: unknown weekday").post("/sessions").as(Caller.ADMIN)
          .body(session(j -> j.put("recurrence", new JsonObject().put("weekdays", new JsonArray().add("XX"))
              .put("count", 3))))
          .expect(400, Problem.INVALID_REQUEST, "recurrence.weekdays.0"),
      Row.of("sessions: first sitting not on a recurrence weekday").post("/sessions").as(Caller.ADMIN)
          .body(session(j -> j.put("recurrence", new JsonObject().put("weekdays", new JsonArray().add("MO"))
              .put("count", 3))))
          .expect(422, Problem.INVALID_VALUE, "recurrence.weekdays"),
      Row.of("sessions: recurrence with until and count").post("/sessions").as(Caller.ADMIN)
          .body(session(j -> j.put("recurrence", new JsonObject().put("weekdays", new JsonArray().add("TU"))
              .put("count", 3).put("until", "2027-01-31"))))
          .expect(422, Problem.INVALID_VALUE, "recurrence"),
      Row.of("sessions: impossible recurrence.until").post("/sessions").as(Caller.ADMIN)
          .body(session(j -> j.put("recurrence", new JsonObject().put("weekdays", new JsonArray().add("TU"))
              .put("until", "2027-13-45"))))
          .expect(422, Problem.INVALID_VALUE, "recurrence.until"),
      Row.of("sessions: body over http.maxBodyBytes").post("/sessions").as(Caller.ADMIN)
          .body(session(j -> j.put("description", "x".repeat(MAX_BODY_BYTES))))
          .expect(413, Problem.PAYLOAD_TOO_LARGE, "body"),
      Row.of("sessions: sent as text/plain").post("/sessions").as(Caller.ADMIN)
          .header("Content-Type", "text/plain").body(session(j -> { }))
          .expect(415, Problem.UNSUPPORTED_MEDIA_TYPE, "Content-Type"),
      Row.of("sessions: sent as XML").post("/sessions").as(Caller.ADMIN)
          .header("Content-Type", "application/xml").body("<session><title>Couscous</title></session>")
          .expect(415, Problem.UNSUPPORTED_MEDIA_TYPE, "Content-Type"),

      // sessions: who, ids, versions ---------------------------------------------------------------
      Row.of("sessions: created without a token").post("/sessions").body(session(j -> { }))
          .expect(401, Problem.UNAUTHORIZED, "Authorization"),
      Row.of("sessions: created with an expired token").post("/sessions").as(Caller.EXPIRED)
          .body(session(j -> { }))
          .expect(401, Problem.UNAUTHORIZED, "Authorization"),
      Row.of("sessions: created by an animator").post("/sessions").as(Caller.ANIMATOR_A)
          .body(session(j -> { }))
          .expect(403, Problem.FORBIDDEN, null),
      Row.of("sessions: created in another coordinator's centre").post("/sessions").as(Caller.COORDINATOR_B)
          .body(session(j -> { }))
          .expect(403, Problem.FORBIDDEN, null),
      Row.of("sessions: instructor scheduling someone else").post("/sessions").as(Caller.INSTRUCTOR_A)
          .body(session(j -> j.put("instructorId", "{coordinatorA}")))
          .expect(403, Problem.FORBIDDEN, null),
      Row.of("sessions: malformed id").get("/sessions/not-a-uuid")
          .expect(400, Problem.INVALID_REQUEST, "sessionId"),
      Row.of("sessions: SQL as id").get("/sessions/%27%20OR%20%271%27%3D%271")
          .expect(400, Problem.INVALID_REQUEST, "sessionId"),
      Row.of("sessions: broken percent-encoding in the id").get("/sessions/%E0%A4%A")
          .expect(400, Problem.INVALID_REQUEST, null),
      Row.of("sessions: a browser asking for HTML still gets a problem").get("/sessions/not-a-uuid")
          .header("Accept", "text/html")
          .expect(400, Problem.INVALID_REQUEST, "sessionId"),
      Row.of("sessions: unknown id").get("/sessions/" + UNKNOWN_ID)
          .expect(404, Problem.NOT_FOUND, null),
      Row.of("sessions: cancel an unknown id").post("/sessions/" + UNKNOWN_ID + "/cancel").as(Caller.ADMIN)
          .expect(404, Problem.NOT_FOUND, null),
      Row.of("sessions: delete with a malformed id").delete("/sessions/12345").as(Caller.ADMIN)
          .expect(400, Problem.INVALID_REQUEST, "sessionId"),
      Row.of("sessions: update without If-Match").put("/sessions/{sessionA}").as(Caller.COORDINATOR_A)
          .body(session(j -> { }))
          .expect(428, Problem.PRECONDITION_REQUIRED, "If-Match"),
      Row.of("sessions: update with an unreadable If-Match").put("/sessions/{sessionA}").as(Caller.COORDINATOR_A)
          .header("If-Match", "\"two\"").body(session(j -> { }))
          .expect(400, Problem.INVALID_REQUEST, "If-Match"),
      Row.of("sessions: update with an overlong If-Match").put("/sessions/{sessionA}").as(Caller.COORDINATOR_A)
          .header("If-Match", "\"" + "9".repeat(60) + "\"").body(session(j -> { }))
          .expect(400, Problem.INVALID_REQUEST, "If-Match"),
      Row.of("sessions: update with a stale If-Match").put("/sessions/{sessionA}").as(Caller.COORDINATOR_A)
          .header("If-Match", "\"1\"").body(session(j -> { }))
          .expect(412, Problem.VERSION_MISMATCH, "If-Match"),
      Row.of("sessions: update of an unknown id").put("/sessions/" + UNKNOWN_ID).as(Caller.ADMIN)
          .header("If-Match", "\"1\"").body(session(j -> { }))
          .expect(404, Problem.NOT_FOUND, null),
      Row.of("sessions: deleted by another centre's coordinator").delete("/sessions/{sessionA}")
          .as(Caller.COORDINATOR_B)
          .expect(403, Problem.FORBIDDEN, null),
      Row.of("sessions: PATCH is not a method here").call(HttpMethod.PATCH, "/sessions/{sessionA}").as(Caller.ADMIN)
          .body(json(j -> j.put("title", "x")))
          .expect(405, Problem.METHOD_NOT_ALLOWED, null),

      // sessions: query parameters -----------------------------------------------------------------
      Row.of("schedule: limit=0").get("/sessions?limit=0")
          .expect(400, Problem.INVALID_REQUEST, "limit"),
      Row.of("schedule: limit=999").get("/sessions?limit=999")
          .expect(400, Problem.INVALID_REQUEST, "limit"),
      Row.of("schedule: limit=abc").get("/sessions?limit=abc")
          .expect(400, Problem.INVALID_REQUEST, "limit"),
      Row.of("schedule: from after to").get("/sessions?from=2026-12-10T00:00:00Z&to=2026-12-01T00:00:00Z")
          .expect(422, Problem.INVALID_VALUE, "to"),
      Row.of("schedule: window over 366 days").get("/sessions?from=2026-12-01T00:00:00Z&to=2028-12-01T00:00:00Z")
          .expect(422, Problem.INVALID_VALUE, "to"),
      Row.of("schedule: from is not a date").get("/sessions?from=tomorrow")
          .expect(400, Problem.INVALID_REQUEST, "from"),
      Row.of("schedule: from at the end of time").get("/sessions?from=%2B999999999-12-31T00:00:00Z")
          .expect(400, Problem.INVALID_REQUEST, "from"),
      Row.of("schedule: broken percent-encoding").get("/sessions?lang=%ZZ")
          .expect(400, Problem.INVALID_REQUEST, null),
      Row.of("schedule: URL longer than the server reads").get("/sessions?cursor=" + "A".repeat(5000))
          .expect(414, Problem.URI_TOO_LONG, null),
      Row.of("schedule: cursor with SQL").get("/sessions?cursor=%27%20OR%201%3D1%20--")
          .expect(400, Problem.INVALID_REQUEST, "cursor"),
      Row.of("schedule: cursor never given out").get("/sessions?cursor=AAAAAAAA")
          .expect(422, Problem.INVALID_VALUE, "cursor"),
      Row.of("schedule: lang with a script").get("/sessions?lang=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
          .expect(400, Problem.INVALID_REQUEST, "lang"),
      Row.of("schedule: lang with SQL").get("/sessions?lang=fr%27%20OR%20%271%27%3D%271")
          .expect(400, Problem.INVALID_REQUEST, "lang"),
      Row.of("schedule: category with SQL").get("/sessions?category=COOKING%27--")
          .expect(400, Problem.INVALID_REQUEST, "category"),
      Row.of("schedule: centre is not an id").get("/sessions?centre=centre-1")
          .expect(400, Problem.INVALID_REQUEST, "centre"),

      // centres ------------------------------------------------------------------------------------
      Row.of("centres: created by a coordinator").post("/centres").as(Caller.COORDINATOR_A).body(centre(j -> { }))
          .expect(403, Problem.FORBIDDEN, null),
      Row.of("centres: edited by another centre's coordinator").put("/centres/{centreA}").as(Caller.COORDINATOR_B)
          .header("If-Match", "\"2\"").body(centre(j -> { }))
          .expect(403, Problem.FORBIDDEN, null),
      Row.of("centres: body cut short").post("/centres").as(Caller.ADMIN).body("{\"name\": \"Centre")
          .expect(400, Problem.MALFORMED_JSON, "body"),
      Row.of("centres: kind missing").post("/centres").as(Caller.ADMIN).body(centre(j -> j.remove("kind")))
          .expect(400, Problem.INVALID_REQUEST, "kind"),
      Row.of("centres: latitude is a word").post("/centres").as(Caller.ADMIN)
          .body(centre(j -> j.put("latitude", "north")))
          .expect(400, Problem.INVALID_REQUEST, "latitude"),
      Row.of("centres: latitude off the globe").post("/centres").as(Caller.ADMIN)
          .body(centre(j -> j.put("latitude", 91)))
          .expect(400, Problem.INVALID_REQUEST, "latitude"),
      Row.of("centres: SQL as kind").post("/centres").as(Caller.ADMIN)
          .body(centre(j -> j.put("kind", "LIBRARY' OR '1'='1")))
          .expect(400, Problem.INVALID_REQUEST, "kind"),
      Row.of("centres: script as postcode").post("/centres").as(Caller.ADMIN)
          .body(centre(j -> j.put("postcode", "<script>")))
          .expect(422, Problem.INVALID_VALUE, "postcode"),
      Row.of("centres: SQL as phone").post("/centres").as(Caller.ADMIN)
          .body(centre(j -> j.put("phone", "'; DROP TABLE x;--")))
          .expect(422, Problem.INVALID_VALUE, "phone"),
      Row.of("centres: update without If-Match").put("/centres/{centreA}").as(Caller.ADMIN).body(centre(j -> { }))
          .expect(428, Problem.PRECONDITION_REQUIRED, "If-Match"),
      Row.of("centres: update with a stale If-Match").put("/centres/{centreA}").as(Caller.ADMIN)
          .header("If-Match", "\"1\"").body(centre(j -> { }))
          .expect(412, Problem.VERSION_MISMATCH, "If-Match"),
      Row.of("centres: deleted by an instructor").delete("/centres/{centreB}").as(Caller.INSTRUCTOR_A)
          .expect(403, Problem.FORBIDDEN, null),
      Row.of("centres: malformed id").get("/centres/centre-a")
          .expect(400, Problem.INVALID_REQUEST, "centreId"),
      Row.of("centres: unknown id").get("/centres/" + UNKNOWN_ID)
          .expect(404, Problem.NOT_FOUND, null),
      Row.of("centres: delete one that still has rooms").delete("/centres/{centreA}").as(Caller.ADMIN)
          .expect(409, Problem.CONFLICT, "id"),
      Row.of("centres: limit=abc").get("/centres?limit=abc")
          .expect(400, Problem.INVALID_REQUEST, "limit"),
      Row.of("centres: cursor of the staff list").get("/centres?cursor={staffCursor}")
          .expect(422, Problem.INVALID_VALUE, "cursor"),

      // sites --------------------------------------------------------------------------------------
      Row.of("sites: rooms of a malformed centre id").get("/centres/%3Cb%3Ex%3C%2Fb%3E/sites")
          .expect(400, Problem.INVALID_REQUEST, "centreId"),
      Row.of("sites: rooms of an unknown centre").get("/centres/" + UNKNOWN_ID + "/sites")
          .expect(404, Problem.NOT_FOUND, null),
      Row.of("sites: capacity zero").post("/centres/{centreA}/sites").as(Caller.ADMIN)
          .body(site(j -> j.put("capacity", 0)))
          .expect(400, Problem.INVALID_REQUEST, "capacity"),
      Row.of("sites: capacity is a word").post("/centres/{centreA}/sites").as(Caller.ADMIN)
          .body(site(j -> j.put("capacity", "ten")))
          .expect(400, Problem.INVALID_REQUEST, "capacity"),
      Row.of("sites: name missing").post("/centres/{centreA}/sites").as(Caller.ADMIN)
          .body(site(j -> j.remove("name")))
          .expect(400, Problem.INVALID_REQUEST, "name"),
      Row.of("sites: room added to an unknown centre").post("/centres/" + UNKNOWN_ID + "/sites").as(Caller.ADMIN)
          .body(site(j -> { }))
          .expect(404, Problem.NOT_FOUND, null),
      Row.of("sites: a second room of the same name").post("/centres/{centreA}/sites").as(Caller.ADMIN)
          .body(site(j -> j.put("name", "Salle polyvalente")))
          .expect(409, Problem.CONFLICT, "name"),
      Row.of("sites: room added by another centre's coordinator").post("/centres/{centreA}/sites")
          .as(Caller.COORDINATOR_B).body(site(j -> { }))
          .expect(403, Problem.FORBIDDEN, null),
      Row.of("sites: update with a stale If-Match").put("/sites/{siteA}").as(Caller.COORDINATOR_A)
          .header("If-Match", "\"1\"").body(site(j -> { }))
          .expect(412, Problem.VERSION_MISMATCH, "If-Match"),
      Row.of("sites: If-Match zero").put("/sites/{siteA}").as(Caller.COORDINATOR_A)
          .header("If-Match", "\"0\"").body(site(j -> { }))
          .expect(400, Problem.INVALID_REQUEST, "If-Match"),
      Row.of("sites: update without If-Match").put("/sites/{siteA}").as(Caller.COORDINATOR_A)
          .body(site(j -> { }))
          .expect(428, Problem.PRECONDITION_REQUIRED, "If-Match"),
      Row.of("sites: deleted by an animator").delete("/sites/{siteA}").as(Caller.ANIMATOR_A)
          .expect(403, Problem.FORBIDDEN, null),
      Row.of("sites: malformed id").get("/sites/1;DROP%20TABLE%20sites")
          .expect(400, Problem.INVALID_REQUEST, "siteId"),

      // staff --------------------------------------------------------------------------------------
      Row.of("staff: created by an instructor").post("/staff").as(Caller.INSTRUCTOR_A).body(staff(j -> { }))
          .expect(403, Problem.FORBIDDEN, null),
      Row.of("staff: coordinator creating an admin").post("/staff").as(Caller.COORDINATOR_A)
          .body(staff(j -> j.put("role", "ADMIN").put("centreIds", new JsonArray())))
          .expect(403, Problem.FORBIDDEN, null),
      Row.of("staff: listed by an animator").get("/staff").as(Caller.ANIMATOR_A)
          .expect(403, Problem.FORBIDDEN, null),
      Row.of("staff: listed without a token").get("/staff")
          .expect(401, Problem.UNAUTHORIZED, "Authorization"),
      Row.of("staff: limit=0").get("/staff?limit=0").as(Caller.ADMIN)
          .expect(400, Problem.INVALID_REQUEST, "limit"),
      Row.of("staff: password too short").post("/staff").as(Caller.ADMIN).body(staff(j -> j.put("password", "short")))
          .expect(400, Problem.INVALID_REQUEST, "password"),
      Row.of("staff: role SUPERUSER").post("/staff").as(Caller.ADMIN).body(staff(j -> j.put("role", "SUPERUSER")))
          .expect(400, Problem.INVALID_REQUEST, "role"),
      Row.of("staff: centreIds is a string").post("/staff").as(Caller.ADMIN)
          .body(staff(j -> j.put("centreIds", "{centreA}")))
          .expect(400, Problem.INVALID_REQUEST, "centreIds"),
      Row.of("staff: centreIds names no centre").post("/staff").as(Caller.ADMIN)
          .body(staff(j -> j.put("centreIds", new JsonArray().add("{centreA}").add(UNKNOWN_ID))))
          .expect(422, Problem.INVALID_VALUE, "centreIds"),
      Row.of("staff: malformed centre id").post("/staff").as(Caller.ADMIN)
          .body(staff(j -> j.put("centreIds", new JsonArray().add("{centreA}").add("centre-b"))))
          .expect(422, Problem.INVALID_VALUE, "centreIds.1"),
      Row.of("staff: script as e-mail").post("/staff").as(Caller.ADMIN)
          .body(staff(j -> j.put("email", "<script>alert(1)</script>")))
          .expect(422, Problem.INVALID_VALUE, "email"),
      Row.of("staff: e-mail already taken").post("/staff").as(Caller.ADMIN)
          .body(staff(j -> j.put("email", "{adminEmail}")))
          .expect(409, Problem.CONFLICT, "email"),
      Row.of("staff: update to an e-mail already taken").put("/staff/{instructorA}").as(Caller.ADMIN)
          .header("If-Match", "\"1\"").body(staff(j -> j.put("email", "{adminEmail}").remove("password")))
          .expect(409, Problem.CONFLICT, "email"),
      Row.of("staff: update without If-Match").put("/staff/{instructorA}").as(Caller.ADMIN)
          .body(staff(j -> j.remove("password")))
          .expect(428, Problem.PRECONDITION_REQUIRED, "If-Match"),
      Row.of("staff: update with a stale If-Match").put("/staff/{animatorA}").as(Caller.ADMIN)
          .header("If-Match", "\"1\"").body(staff(j -> j.put("role", "ANIMATOR").remove("password")))
          .expect(412, Problem.VERSION_MISMATCH, "If-Match"),
      Row.of("staff: coordinator promoting themself to admin").put("/staff/{coordinatorA}")
          .as(Caller.COORDINATOR_A).header("If-Match", "\"1\"")
          .body(staff(j -> j.put("email", "{coordinatorAEmail}").put("role", "ADMIN").put("centreIds", new JsonArray())
              .remove("password")))
          .expect(403, Problem.FORBIDDEN, null),
      Row.of("staff: coordinator moving an instructor to another centre").put("/staff/{instructorA}")
          .as(Caller.COORDINATOR_A).header("If-Match", "\"1\"")
          .body(staff(j -> j.put("email", "{instructorAEmail}").put("centreIds", new JsonArray().add("{centreB}"))
              .remove("password")))
          .expect(403, Problem.FORBIDDEN, null),
      Row.of("staff: delete an unknown id").delete("/staff/" + UNKNOWN_ID).as(Caller.ADMIN)
          .expect(404, Problem.NOT_FOUND, null),
      Row.of("staff: malformed id").get("/staff/admin").as(Caller.ADMIN)
          .expect(400, Problem.INVALID_REQUEST, "staffId"),
      Row.of("staff: unknown id").get("/staff/" + UNKNOWN_ID).as(Caller.ADMIN)
          .expect(404, Problem.NOT_FOUND, null),
      Row.of("staff: admin deleting their own account").delete("/staff/{admin}").as(Caller.ADMIN)
          .expect(409, Problem.CONFLICT, "id"),

      // help calls -----------------------------------------------------------------------------------
      Row.of("help: queue without a token").get("/centres/{centreA}/help-calls")
          .expect(401, Problem.UNAUTHORIZED, "Authorization"),
      Row.of("help: queue with a forged token").get("/centres/{centreA}/help-calls").as(Caller.FORGED)
          .expect(401, Problem.UNAUTHORIZED, "Authorization"),
      Row.of("help: another centre's queue").get("/centres/{centreA}/help-calls").as(Caller.COORDINATOR_B)
          .expect(403, Problem.FORBIDDEN, null),
      Row.of("help: queue read by an instructor").get("/centres/{centreA}/help-calls").as(Caller.INSTRUCTOR_A)
          .expect(403, Problem.FORBIDDEN, null),
      Row.of("help: malformed centre id").get("/centres/centre-a/help-calls").as(Caller.ANIMATOR_A)
          .expect(400, Problem.INVALID_REQUEST, "centreId"),
      Row.of("help: take a malformed call id").post("/help-calls/1%20OR%201=1/take").as(Caller.ANIMATOR_A)
          .expect(400, Problem.INVALID_REQUEST, "callId"),
      Row.of("help: take an unknown call").post("/help-calls/" + UNKNOWN_ID + "/take").as(Caller.ANIMATOR_A)
          .expect(404, Problem.NOT_FOUND, null),
      Row.of("help: ticket of an unknown call").post("/help-calls/" + UNKNOWN_ID + "/ticket").as(Caller.ANIMATOR_A)
          .expect(404, Problem.NOT_FOUND, null),
      Row.of("help: close with an expired token").post("/help-calls/" + UNKNOWN_ID + "/close").as(Caller.EXPIRED)
          .expect(401, Problem.UNAUTHORIZED, "Authorization"),

      // anything else ------------------------------------------------------------------------------
      Row.of("api: no such resource").get("/courses")
          .expect(404, Problem.NOT_FOUND, null));

  static Stream<Arguments> table() {
    return TestDatabase.kinds().flatMap(kind -> ROWS.stream()
        .map(row -> Arguments.of(kind, Named.of(row.toString(), row))));
  }

  @AfterAll
  static void stopHubs() {
    HUBS.values().forEach(Fixture::close);
    HUBS.clear();
  }

  @ParameterizedTest(name = "[{0}] {1}")
  @MethodSource("table")
  void isRefusedWithAProblemAndChangesNothing(String kind, Row row) throws SQLException {
    Fixture fixture = hubFor(kind);
    long started = System.nanoTime();
    try {
      refusedWithAProblemAndNothingChanged(fixture, row);
    } finally {
      fixture.rowTook(System.nanoTime() - started);
    }
  }

  private static Fixture hubFor(String kind) {
    Fixture fixture = HUBS.get(kind);
    if (fixture == null) {
      stopHubs();
      fixture = Fixture.start(kind);
      HUBS.put(kind, fixture);
    }
    return fixture;
  }

  private static void refusedWithAProblemAndNothingChanged(Fixture fixture, Row row) throws SQLException {
    fixture.prepare(row.before());
    String before = fixture.snapshot();

    HttpResponse<Buffer> response = fixture.send(row);

    String body = response.bodyAsString();
    assertThat(response.statusCode()).as("status of %s; body %s", row.name(), body).isEqualTo(row.status());
    assertThat(response.getHeader("Content-Type")).as("Content-Type; body %s", body)
        .isEqualTo("application/problem+json");
    assertThat(body).as("no trace of the server's insides")
        .doesNotContain("Exception", "at org.", "io.vertx", "java.", "\tat ", "SQL", "h2", "postgres");
    JsonObject problem = new JsonObject(body);
    assertThat(problem.getString("type")).as("type; body %s", body).isEqualTo(row.problem().type);
    assertThat(problem.getString("title")).as("title").isEqualTo(row.problem().title);
    assertThat(problem.getInteger("status")).as("status in the body").isEqualTo(row.status());
    assertThat(problem.getString("field")).as("field; body %s", body).isEqualTo(row.field());
    if (row.status() == 412) {
      // Every versioned record of the fixture is at version 2.
      assertThat(problem.getLong("currentVersion")).as("currentVersion").isEqualTo(2L);
    }
    if (row.status() == 429) {
      assertThat(response.getHeader("Retry-After")).as("Retry-After").matches("[1-9][0-9]*");
      assertThat(problem.getLong("retryAfter")).isEqualTo(Long.parseLong(response.getHeader("Retry-After")));
    }
    if (row.status() == 414 || row.status() == 431) {
      assertThat(response.getHeader("Connection")).as("Connection").isEqualTo("close");
    }
    if (row.status() == 401) {
      assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
    }
    assertThat(fixture.snapshot()).as("database after %s", row.name()).isEqualTo(before);
  }

  // --- bodies -----------------------------------------------------------------------------------

  private static String json(Consumer<JsonObject> fill) {
    JsonObject json = new JsonObject();
    fill.accept(json);
    return json.encode();
  }

  /** A valid session in centre A, a Tuesday afternoon; {@code change} makes it bad. */
  private static String session(Consumer<JsonObject> change) {
    JsonObject json = new JsonObject()
        .put("title", "Atelier cuisine")
        .put("category", "COOKING")
        .put("description", "Un plat du monde chaque semaine")
        .put("language", "fr")
        .put("centreId", "{centreA}")
        .put("start", "2026-12-01T13:00:00Z")
        .put("end", "2026-12-01T15:00:00Z")
        .put("homeCapacity", 12)
        .put("videoMode", "DIRECT");
    change.accept(json);
    return json.encode();
  }

  private static String centre(Consumer<JsonObject> change) {
    JsonObject json = new JsonObject()
        .put("name", "Espace numérique du Faubourg")
        .put("kind", "CYBERSPACE")
        .put("postcode", "59000")
        .put("city", "Lille")
        .put("latitude", 50.63)
        .put("longitude", 3.06)
        .put("phone", "03 20 00 00 01");
    change.accept(json);
    return json.encode();
  }

  private static String site(Consumer<JsonObject> change) {
    JsonObject json = new JsonObject().put("name", "Salle informatique").put("capacity", 12)
        .put("equipment", "Vidéoprojecteur");
    change.accept(json);
    return json.encode();
  }

  private static String staff(Consumer<JsonObject> change) {
    JsonObject json = new JsonObject()
        .put("email", "nouvelle@relais.test")
        .put("displayName", "Nouvelle animatrice")
        .put("role", "INSTRUCTOR")
        .put("centreIds", new JsonArray().add("{centreA}"))
        .put("password", "a long enough password");
    change.accept(json);
    return json.encode();
  }

  // --- the hub the table runs against -------------------------------------------------------------

  /** One hub per database kind, with two centres, a room, staff of every role, a session and tokens. */
  private static final class Fixture implements AutoCloseable {
    private final HubHarness harness;
    private final Connection jdbc;
    private final Map<String, String> names = new LinkedHashMap<>();
    private final Map<Caller, String> authorization = new EnumMap<>(Caller.class);
    private final StaffMember target;
    private final long started = System.nanoTime();
    private final long setUp;
    private long rowsTook;
    private int rows;

    private Fixture(String kind) {
      harness = HubHarness.start(kind, Map.of(
          "http.maxBodyBytes", String.valueOf(MAX_BODY_BYTES),
          "auth.tokenSecret", SECRET,
          "auth.tokenTtl", TOKEN_TTL.toString()));
      try {
        jdbc = DriverManager.getConnection(harness.database().config().url());
      } catch (SQLException e) {
        harness.close();
        throw new IllegalStateException(e);
      }
      Centre centreA = harness.centre("Centre social Les Tisserands");
      Centre centreB = harness.centre("Médiathèque des Moulins");
      harness.hub.centres().createSiteTrusted(new Site(UUID.randomUUID(), centreA.id(), "Salle polyvalente", 30,
          null, 1)).await();
      Site siteA = harness.hub.centres().sites(centreA.id()).await().get(0);
      StaffMember admin = harness.staff(Role.ADMIN, Set.of());
      StaffMember coordinatorA = harness.staff(Role.COORDINATOR, Set.of(centreA.id()));
      StaffMember coordinatorB = harness.staff(Role.COORDINATOR, Set.of(centreB.id()));
      StaffMember instructorA = harness.staff(Role.INSTRUCTOR, Set.of(centreA.id()));
      StaffMember animatorA = harness.staff(Role.ANIMATOR, Set.of(centreA.id()));
      StaffMember expiring = harness.staff(Role.INSTRUCTOR, Set.of(centreA.id()));
      StaffMember leaver = harness.staff(Role.INSTRUCTOR, Set.of(centreA.id()));
      target = harness.staff(Role.INSTRUCTOR, Set.of(centreA.id()));

      // Signed in, then the clock moves past the token's lifetime.
      String expired = harness.login(expiring);
      harness.clock.advance(TOKEN_TTL.plusMinutes(1));

      bearer(Caller.ADMIN, harness.login(admin));
      bearer(Caller.COORDINATOR_A, harness.login(coordinatorA));
      bearer(Caller.COORDINATOR_B, harness.login(coordinatorB));
      bearer(Caller.INSTRUCTOR_A, harness.login(instructorA));
      bearer(Caller.ANIMATOR_A, harness.login(animatorA));
      bearer(Caller.EXPIRED, expired);
      String leaverToken = harness.login(leaver);
      expectStatus(204, harness.send(HttpMethod.DELETE, "/api/v1/staff/" + leaver.id(), token(Caller.ADMIN), null));
      bearer(Caller.DELETED_ACCOUNT, leaverToken);

      Instant now = harness.clock.instant();
      JsonObject header = new JsonObject().put("alg", "HS256").put("typ", "JWT");
      JsonObject claims = new JsonObject().put("sub", admin.id().toString()).put("iss", "relais-hub")
          .put("aud", new JsonArray().add("relais-staff")).put("iat", now.getEpochSecond())
          .put("exp", now.plus(TOKEN_TTL).getEpochSecond());
      // The hand-made token is honoured with the right secret: the others fail for their one flaw only.
      expectStatus(200, harness.send(HttpMethod.GET, "/api/v1/auth/me", jwt(header, claims, SECRET), null));
      bearer(Caller.FORGED, jwt(header, claims, OTHER_SECRET));
      bearer(Caller.ALG_NONE, unsigned(claims));
      bearer(Caller.SQL_SUBJECT, jwt(header, claims.copy().put("sub", "' OR '1'='1"), SECRET));
      bearer(Caller.NOT_A_JWT, "not-a-jwt");
      authorization.put(Caller.BASIC_AUTH, "Basic " + base64("admin@relais.test:" + HubHarness.PASSWORD));

      // A session, a centre, a room and an account at version 2, so version 1 is stale.
      JsonObject session = new JsonObject(session(j -> j.put("instructorId", instructorA.id().toString())
          .put("start", "2026-11-24T13:00:00Z").put("end", "2026-11-24T15:00:00Z")
          .put("centreId", centreA.id().toString())));
      HttpResponse<Buffer> created = harness.send(HttpMethod.POST, "/api/v1/sessions", token(Caller.COORDINATOR_A),
          session);
      expectStatus(201, created);
      String sessionA = created.bodyAsJsonObject().getString("id");
      expectStatus(200, harness.request(HttpMethod.PUT, "/api/v1/sessions/" + sessionA, token(Caller.COORDINATOR_A))
          .putHeader("If-Match", "\"1\"").sendJsonObject(session.put("title", "Couscous")).await());
      expectStatus(200, harness.request(HttpMethod.PUT, "/api/v1/centres/" + centreA.id(), token(Caller.ADMIN))
          .putHeader("If-Match", "\"1\"").sendJsonObject(centreInput(centreA).put("city", "Roubaix")).await());
      expectStatus(200, harness.request(HttpMethod.PUT, "/api/v1/sites/" + siteA.id(), token(Caller.ADMIN))
          .putHeader("If-Match", "\"1\"").sendJsonObject(new JsonObject().put("name", siteA.name())
              .put("capacity", 25)).await());
      expectStatus(200, harness.request(HttpMethod.PUT, "/api/v1/staff/" + animatorA.id(), token(Caller.ADMIN))
          .putHeader("If-Match", "\"1\"").sendJsonObject(new JsonObject().put("email", animatorA.email())
              .put("displayName", "Animatrice du mardi").put("role", "ANIMATOR")
              .put("centreIds", new JsonArray().add(centreA.id().toString()))).await());

      // Another connection sees the set-up: every write the hub acknowledged is committed.
      expectVersion("centres", centreA.id(), 2);
      expectVersion("sites", siteA.id(), 2);
      expectVersion("staff", animatorA.id(), 2);
      expectVersion("sessions", UUID.fromString(sessionA), 2);

      names.put("centreA", centreA.id().toString());
      names.put("centreB", centreB.id().toString());
      names.put("siteA", siteA.id().toString());
      names.put("sessionA", sessionA);
      names.put("admin", admin.id().toString());
      names.put("adminEmail", admin.email());
      names.put("targetEmail", target.email());
      names.put("coordinatorA", coordinatorA.id().toString());
      names.put("coordinatorAEmail", coordinatorA.email());
      names.put("instructorAEmail", instructorA.email());
      names.put("instructorA", instructorA.id().toString());
      names.put("animatorA", animatorA.id().toString());
      names.put("staffCursor", Cursor.encode(admin.email()));
      setUp = System.nanoTime() - started;
    }

    private static JsonObject centreInput(Centre centre) {
      JsonObject json = centre.toJson();
      json.remove("id");
      json.remove("version");
      return json;
    }

    static Fixture start(String kind) {
      return new Fixture(kind);
    }

    private void bearer(Caller caller, String token) {
      authorization.put(caller, "Bearer " + token);
    }

    private String token(Caller caller) {
      return authorization.get(caller).substring("Bearer ".length());
    }

    private static void expectStatus(int status, HttpResponse<Buffer> response) {
      if (response.statusCode() != status) {
        throw new IllegalStateException("set-up expected " + status + " but got " + response.statusCode() + " "
            + response.bodyAsString());
      }
    }

    private void expectVersion(String table, UUID id, long version) {
      try (PreparedStatement select = jdbc.prepareStatement("SELECT version FROM " + table + " WHERE id = ?")) {
        select.setObject(1, id);
        try (ResultSet rs = select.executeQuery()) {
          long found = rs.next() ? rs.getLong(1) : -1;
          if (found != version) {
            throw new IllegalStateException(table + " " + id + " is at version " + found + " for another connection, "
                + "not " + version);
          }
        }
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }

    void prepare(Before step) {
      if (step == Before.EXHAUST_LOGINS) {
        for (int i = 0; i < 5; i++) {
          expectStatus(401, harness.send(HttpMethod.POST, "/api/v1/auth/login", null, new JsonObject()
              .put("email", target.email()).put("password", "guess number " + i)));
        }
      }
    }

    void rowTook(long nanos) {
      rows++;
      rowsTook += nanos;
    }

    HttpResponse<Buffer> send(Row row) {
      HttpRequest<Buffer> request = harness.http.request(row.method(), resolve(row.path()));
      if (row.caller() != Caller.ANONYMOUS) {
        request.putHeader("Authorization", authorization.get(row.caller()));
      }
      if (row.body() != null && !row.headers().containsKey("Content-Type")) {
        request.putHeader("Content-Type", "application/json");
      }
      row.headers().forEach((name, value) -> request.putHeader(name, resolve(value)));
      return (row.body() == null ? request.send() : request.sendBuffer(Buffer.buffer(resolve(row.body())))).await();
    }

    private String resolve(String text) {
      String resolved = text;
      for (Map.Entry<String, String> name : names.entrySet()) {
        resolved = resolved.replace("{" + name.getKey() + "}", name.getValue());
      }
      return resolved;
    }

    /** Every row of every table, in key order, as text. */
    String snapshot() throws SQLException {
      StringBuilder all = new StringBuilder();
      try (Statement statement = jdbc.createStatement()) {
        for (String table : TABLES) {
          all.append(table).append(":\n");
          try (ResultSet rs = statement.executeQuery("SELECT * FROM " + table + " ORDER BY " + ORDER.get(table))) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
              List<String> values = new ArrayList<>();
              for (int i = 1; i <= meta.getColumnCount(); i++) {
                values.add(meta.getColumnLabel(i) + "=" + rs.getString(i));
              }
              all.append("  ").append(String.join(", ", values)).append('\n');
            }
          }
        }
      }
      return all.toString();
    }

    @Override
    public void close() {
      System.out.printf("Bad-request table on %s: %d rows in %d ms, after %d ms of hub start and set-up%n",
          harness.database().name(), rows, rowsTook / 1_000_000, setUp / 1_000_000);
      try {
        jdbc.close();
      } catch (SQLException ignored) {
        // the database goes away with the harness
      }
      harness.close();
    }
  }

  // --- tokens made by hand ----------------------------------------------------------------------

  private static String jwt(JsonObject header, JsonObject claims, String secret) {
    String signed = base64(header.encode()) + "." + base64(claims.encode());
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return signed + "." + Base64.getUrlEncoder().withoutPadding()
          .encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String unsigned(JsonObject claims) {
    return base64(new JsonObject().put("alg", "none").put("typ", "JWT").encode()) + "." + base64(claims.encode())
        + ".";
  }

  private static String base64(String text) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
