package org.relais.hub.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.relais.hub.centres.Centre;
import org.relais.hub.centres.Site;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.testing.Fixtures;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.TestDatabase;
import org.relais.protocol.Role;

/**
 * Thousands of requests made from the served OpenAPI document, most of them wrong on purpose (wrong
 * types, missing and unknown fields, huge strings, odd Unicode, broken JSON, other media types, bodies on
 * reads, bad path parameters), with and without a staff token. None may get a 5xx, every refusal is a
 * problem+json, and a refused request changes no row of any table. The run is the same every time (a
 * fixed seed); ids the hub hands out on the way are used by later requests.
 */
class ContractFuzzTest {
  private static final long SEED = 20_261_129L;
  private static final int REQUESTS = 5_200;
  private static final int MAX_BODY_BYTES = 16_384;
  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
  private static final List<String> ODD_TEXT = List.of("\u0000", "\uD800", "\uDFFF", "\u202Etxt.exe", "\uFEFF",
      "e\u0301\u0301\u0301", "\uD83D\uDE00\uD83D\uDC68\u200D\uD83D\uDC69", "\u200B", "\uFFFF", "\r\n\t",
      "Ω≈ç√∫", "<script>alert(1)</script>", "' OR '1'='1' --", "${jndi:ldap://x}", "%00", "../../etc/passwd",
      "null", "\\u0000", "ʇsǝʇ", "𝕿𝖊𝖘𝖙", "");
  private static final List<String> BAD_PATH_VALUES = List.of("not-a-uuid", "0", "-1", "%00", "..%2F..%2Fstaff",
      "%2F", "%E0%A4%A", "%ZZ", "%C3%A9t%C3%A9", "a".repeat(300), "1e5", "true", "null", "%27%20OR%20%271",
      "0B5E2F4C-9D51-4C59-A3C8-6F1D3E2A7B90", "00000000-0000-0000-0000-000000000000",
      "%F0%9F%98%80", "%EF%BF%BF", "x".repeat(5_000));
  private static final List<String> BAD_JSON = List.of("{", "}", "{\"a\":}", "{/* c */}", "{} // c", "{}{}",
      "{\"a\":1,\"a\":2}", "{'a':1}", "{\"a\":1,}", "[1,]", "{\"a\":NaN}", "{\"a\":01}", "{\"a\":\"\\x\"}",
      "\"unterminated", "{\"a\":1} x", "[".repeat(5_000), "{\"a\":" + "9".repeat(2_000) + "}", "nul", "\uFEFF{}",
      "{\"\\ud800\":1}", "{\"a\":\"\u0001\"}");
  private static final List<String> MEDIA_TYPES = List.of("text/plain", "application/json-patch+json",
      "application/merge-patch+json", "application/json; charset=utf-16", "application/json; charset=latin1",
      "application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz", "application/xml", "",
      "application/jsonx", "application/vnd.api+json", "application/json; charset=utf-8; x=y", "*/*");

  enum Mutation {
    VALID, WRONG_TYPE, MISSING_FIELD, UNKNOWN_FIELD, HUGE_STRING, ODD_UNICODE, BAD_JSON, MEDIA_TYPE,
    NOT_AN_OBJECT, DUPLICATE_KEY, NO_BODY, OVERSIZE, BODY_ON_READ, BAD_PATH, BAD_QUERY, BAD_HEADER, HEAD
  }

  /** An operation of the document: method, path, parameters and body schema, references resolved. */
  record Operation(String id, HttpMethod method, String path, List<JsonObject> parameters, JsonObject body,
      boolean secured) {}

  /** One request as sent. */
  record Sent(Operation operation, Mutation mutation, HttpMethod method, String uri, Map<String, String> headers,
      Buffer body, String bearer) {
    @Override
    public String toString() {
      String shown = body == null ? "" : " body " + abbreviate(body.toString(StandardCharsets.UTF_8));
      return operation.id() + " [" + mutation + "] " + method + " " + abbreviate(uri) + " " + headers
          + (bearer == null ? "" : " (bearer)") + shown;
    }
  }

  static Stream<String> databases() {
    return TestDatabase.kinds();
  }

  @ParameterizedTest(name = "[{0}]")
  @MethodSource("databases")
  void noRequestGetsA5xxOrChangesWhatItRefuses(String kind) throws SQLException {
    // Few sign-ins reach the password hash (slow on purpose); join links are not throttled, to be reached.
    try (HubHarness harness = HubHarness.start(kind, Map.of("http.maxBodyBytes", String.valueOf(MAX_BODY_BYTES),
        "join.requestsPerMinutePerAddress", "1000000", "auth.loginsPerMinutePerAddress", "5"));
        Connection jdbc = DriverManager.getConnection(harness.database().config().url())) {
      Map<String, List<String>> known = fixture(harness);
      String token = harness.login(harness.staff(Role.ADMIN, Set.of()));
      JsonObject document = harness.get("/api/v1/openapi.json").bodyAsJsonObject();
      List<Operation> operations = operations(document);
      Fuzzer fuzzer = new Fuzzer(new Random(SEED), document, known);
      Tables tables = new Tables(jdbc);

      Map<Integer, Integer> statuses = new TreeMap<>();
      Map<Mutation, Integer> mutations = new TreeMap<>();
      List<String> faults = new ArrayList<>();
      String before = tables.snapshot();
      long started = System.nanoTime();
      long snapshotting = 0;
      for (int i = 0; i < REQUESTS; i++) {
        Sent sent = fuzzer.request(operations.get(i % operations.size()), token);
        HttpResponse<Buffer> response = send(harness, sent);
        int status = response.statusCode();
        statuses.merge(status, 1, Integer::sum);
        mutations.merge(sent.mutation(), 1, Integer::sum);
        check(sent, response).ifPresent(fault -> faults.add(fault + " ← " + sent));
        long snapshotStarted = System.nanoTime();
        String after = tables.snapshot();
        snapshotting += System.nanoTime() - snapshotStarted;
        if (status >= 400 && !after.equals(before)) {
          faults.add("refused with " + status + " but the database changed ← " + sent);
        }
        if (status < 300) {
          fuzzer.learn(sent.operation(), response);
        }
        before = after;
      }
      long tookMs = (System.nanoTime() - started) / 1_000_000;
      System.out.printf("Contract fuzz on %s: %d requests over %d operations in %d ms (%d ms reading the tables "
          + "after each); statuses %s; mutations %s%n", kind, REQUESTS, operations.size(), tookMs,
          snapshotting / 1_000_000, statuses, mutations);

      assertThat(operations).hasSizeGreaterThanOrEqualTo(57);
      assertThat(faults).as("faults (%d)", faults.size()).isEmpty();
      assertThat(statuses.keySet()).as("statuses").allMatch(status -> status < 500);
      assertThat(statuses.keySet()).as("some requests succeed, so the fuzz reaches the handlers")
          .anyMatch(status -> status < 300);
    }
  }

  /** A centre with a room, a coordinator, a session: ids the fuzz can aim at, by parameter name. */
  private static Map<String, List<String>> fixture(HubHarness harness) {
    Centre centre = harness.centre("Centre social du Fuzz");
    harness.hub.centres().createSiteTrusted(new Site(UUID.randomUUID(), centre.id(), "Salle du fond", 20, null, 1))
        .await();
    Site site = harness.hub.centres().sites(centre.id()).await().get(0);
    StaffMember coordinator = harness.staff(Role.COORDINATOR, Set.of(centre.id()));
    HttpResponse<Buffer> session = harness.send(HttpMethod.POST, "/api/v1/sessions", harness.login(coordinator),
        Fixtures.session("Atelier fuzz", centre.id(), null, "2026-11-24T13:00:00Z", "2026-11-24T15:00:00Z"));
    assertThat(session.statusCode()).as(session.bodyAsString()).isEqualTo(201);
    Map<String, List<String>> known = new HashMap<>();
    known.put("centreId", new ArrayList<>(List.of(centre.id().toString())));
    known.put("siteId", new ArrayList<>(List.of(site.id().toString())));
    known.put("staffId", new ArrayList<>(List.of(coordinator.id().toString())));
    known.put("sessionId", new ArrayList<>(List.of(session.bodyAsJsonObject().getString("id"))));
    return known;
  }

  // --- the document ---------------------------------------------------------------------------

  private static List<Operation> operations(JsonObject document) {
    List<Operation> operations = new ArrayList<>();
    JsonObject paths = document.getJsonObject("paths");
    for (String path : new TreeSet<>(paths.fieldNames())) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : new TreeSet<>(item.fieldNames())) {
        if (!METHODS.contains(method)) {
          continue;
        }
        JsonObject operation = item.getJsonObject(method);
        List<JsonObject> parameters = new ArrayList<>();
        Stream.concat(item.getJsonArray("parameters", new JsonArray()).stream(),
                operation.getJsonArray("parameters", new JsonArray()).stream())
            .forEach(parameter -> parameters.add(resolve(document, (JsonObject) parameter)));
        JsonObject body = operation.containsKey("requestBody")
            ? resolve(document, resolve(document, operation.getJsonObject("requestBody"))
                .getJsonObject("content").getJsonObject("application/json").getJsonObject("schema"))
            : null;
        boolean secured = !operation.getJsonArray("security", document.getJsonArray("security", new JsonArray()))
            .isEmpty();
        operations.add(new Operation(operation.getString("operationId"),
            HttpMethod.valueOf(method.toUpperCase(Locale.ROOT)), "/api/v1" + path, parameters, body, secured));
      }
    }
    return operations;
  }

  static JsonObject resolve(JsonObject document, JsonObject node) {
    JsonObject resolved = node;
    while (resolved.containsKey("$ref")) {
      Object target = document;
      for (String part : resolved.getString("$ref").substring(2).split("/")) {
        target = ((JsonObject) target).getValue(part);
      }
      resolved = (JsonObject) target;
    }
    return resolved;
  }

  // --- sending and checking ---------------------------------------------------------------------

  private static HttpResponse<Buffer> send(HubHarness harness, Sent sent) {
    HttpRequest<Buffer> request = harness.http.request(sent.method(), sent.uri());
    if (sent.bearer() != null) {
      request.putHeader("Authorization", "Bearer " + sent.bearer());
    }
    sent.headers().forEach(request::putHeader);
    return (sent.body() == null ? request.send() : request.sendBuffer(sent.body())).await();
  }

  private static Optional<String> check(Sent sent, HttpResponse<Buffer> response) {
    int status = response.statusCode();
    if (status >= 500) {
      return Optional.of(status + " " + abbreviate(String.valueOf(response.bodyAsString())));
    }
    if (status < 400 || sent.method() == HttpMethod.HEAD) {
      return Optional.empty();
    }
    if (!"application/problem+json".equals(response.getHeader("Content-Type"))) {
      return Optional.of(status + " as " + response.getHeader("Content-Type"));
    }
    try {
      JsonObject problem = response.bodyAsJsonObject();
      boolean wellFormed = problem.getString("type", "").startsWith("urn:relais:problem:")
          && !problem.getString("title", "").isBlank() && problem.getInteger("status", 0) == status;
      return wellFormed ? Optional.empty()
          : Optional.of(status + " with a malformed problem " + problem.encode());
    } catch (DecodeException | ClassCastException e) {
      return Optional.of(status + " with a body that is not a problem: " + response.bodyAsString());
    }
  }

  static String abbreviate(String text) {
    return text.length() <= 160 ? text : text.substring(0, 160) + "…(" + text.length() + " chars)";
  }

  /**
   * Every row of every table, as text: what a refused request must leave as it was. PostgreSQL gives them
   * all in one query (each row cast to text), which keeps the fuzz quick there.
   */
  private static final class Tables {
    private final Connection jdbc;
    private final List<String> names = new ArrayList<>();
    private final String allRows;

    Tables(Connection jdbc) throws SQLException {
      this.jdbc = jdbc;
      DatabaseMetaData meta = jdbc.getMetaData();
      try (ResultSet tables = meta.getTables(null, jdbc.getSchema(), "%", new String[] {"TABLE"})) {
        while (tables.next()) {
          String name = tables.getString("TABLE_NAME");
          if (!name.toLowerCase(Locale.ROOT).startsWith("flyway")) {
            names.add(name);
          }
        }
      }
      assertThat(names).as("tables").hasSizeGreaterThanOrEqualTo(10);
      allRows = meta.getDatabaseProductName().equals("PostgreSQL")
          ? String.join(" UNION ALL ", names.stream()
              .map(name -> "SELECT '" + name + "' AS t, CAST(r AS text) AS row FROM " + name + " r").toList())
              + " ORDER BY 1, 2"
          : null;
    }

    String snapshot() throws SQLException {
      StringBuilder all = new StringBuilder();
      try (Statement statement = jdbc.createStatement()) {
        if (allRows != null) {
          try (ResultSet rs = statement.executeQuery(allRows)) {
            while (rs.next()) {
              all.append(rs.getString(1)).append(' ').append(rs.getString(2)).append('\n');
            }
          }
          return all.toString();
        }
        for (String table : names) {
          List<String> rows = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery("SELECT * FROM " + table)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
              StringBuilder row = new StringBuilder();
              for (int i = 1; i <= columns; i++) {
                row.append(rs.getString(i)).append('|');
              }
              rows.add(row.toString());
            }
          }
          rows.sort(null);
          all.append(table).append(rows).append('\n');
        }
      }
      return all.toString();
    }
  }

  // --- making requests --------------------------------------------------------------------------

  /** Makes requests from the document's operations with one random source, so a run repeats exactly. */
  private static final class Fuzzer {
    private static final Map<String, String> CREATES = Map.of("createCentre", "centreId", "createSite", "siteId",
        "createSession", "sessionId", "createStaff", "staffId", "registerForSession", "registrationId",
        "bookSite", "bookingId", "askForHelp", "callId");
    private final Random random;
    private final JsonObject document;
    private final Map<String, List<String>> known;

    Fuzzer(Random random, JsonObject document, Map<String, List<String>> known) {
      this.random = random;
      this.document = document;
      this.known = known;
    }

    /** Remembers the ids and tokens the hub handed out, for later requests to aim at. */
    void learn(Operation operation, HttpResponse<Buffer> response) {
      JsonObject json;
      try {
        json = response.bodyAsJsonObject();
      } catch (DecodeException | ClassCastException e) {
        return;
      }
      if (json == null) {
        return;
      }
      String idName = CREATES.get(operation.id());
      if (idName != null && json.getValue("id") instanceof String id) {
        known.computeIfAbsent(idName, name -> new ArrayList<>()).add(id);
      }
      remember("token", json.getValue("joinUrl"));
      remember("manageToken", json.getValue("manageUrl"));
    }

    private void remember(String name, Object url) {
      if (url instanceof String text && text.contains("/")) {
        known.computeIfAbsent(name, key -> new ArrayList<>()).add(text.substring(text.lastIndexOf('/') + 1));
      }
    }

    Sent request(Operation operation, String token) {
      List<Mutation> possible = new ArrayList<>(List.of(Mutation.VALID, Mutation.BAD_PATH, Mutation.BAD_QUERY,
          Mutation.BAD_HEADER));
      if (operation.body() != null) {
        possible.addAll(List.of(Mutation.VALID, Mutation.WRONG_TYPE, Mutation.MISSING_FIELD, Mutation.UNKNOWN_FIELD,
            Mutation.HUGE_STRING, Mutation.ODD_UNICODE, Mutation.BAD_JSON, Mutation.MEDIA_TYPE,
            Mutation.NOT_AN_OBJECT, Mutation.DUPLICATE_KEY, Mutation.NO_BODY, Mutation.OVERSIZE));
      } else {
        possible.add(Mutation.BODY_ON_READ);
      }
      if (operation.method() == HttpMethod.GET) {
        possible.add(Mutation.HEAD);
      }
      Mutation mutation = pick(possible);
      boolean withToken = operation.secured() ? random.nextInt(4) != 0 : random.nextInt(4) == 0;
      String bearer = !withToken ? null : random.nextInt(20) == 0 ? "not-a-token" : token;
      Map<String, String> headers = new LinkedHashMap<>();
      String uri = uri(operation, mutation, headers);
      HttpMethod method = mutation == Mutation.HEAD ? HttpMethod.HEAD : operation.method();
      Buffer body = body(operation, mutation, headers);
      return new Sent(operation, mutation, method, uri, headers, body, bearer);
    }

    private String uri(Operation operation, Mutation mutation, Map<String, String> headers) {
      String path = operation.path();
      StringBuilder query = new StringBuilder();
      for (JsonObject parameter : operation.parameters()) {
        String name = parameter.getString("name");
        JsonObject schema = resolve(document, parameter.getJsonObject("schema", new JsonObject()));
        switch (parameter.getString("in")) {
          case "path" -> {
            String value = mutation == Mutation.BAD_PATH && random.nextBoolean() ? pick(BAD_PATH_VALUES)
                : encode(pathValue(name));
            path = path.replace("{" + name + "}", value);
          }
          case "query" -> {
            if (mutation == Mutation.BAD_QUERY || random.nextInt(3) == 0) {
              String value = mutation == Mutation.BAD_QUERY ? pick(BAD_PATH_VALUES) : encode(text(value(schema, name)));
              query.append(query.isEmpty() ? "?" : "&").append(name).append('=').append(value);
            }
          }
          case "header" -> {
            if (mutation == Mutation.BAD_HEADER) {
              headers.put(name, pick(List.of("\"x\"", "W/\"1\"", "*", "\"" + "9".repeat(30) + "\"", "-1", "é",
                  "a".repeat(2_000))));
            } else if (random.nextBoolean()) {
              headers.put(name, name.equals("If-Match") ? "\"" + (1 + random.nextInt(3)) + "\""
                  : "key-" + random.nextInt(1_000));
            }
          }
          default -> { }
        }
      }
      if (mutation == Mutation.BAD_QUERY) {
        query.append(query.isEmpty() ? "?" : "&").append(pick(List.of("limit=-1", "limit=abc", "cursor=%ZZ",
            "from=yesterday", "x=" + "y".repeat(3_000), "%=%", "a&&b", "lang=%00", "limit=1e9")));
      }
      return path + query;
    }

    private String pathValue(String name) {
      List<String> values = known.get(name);
      if (values != null && random.nextInt(5) != 0) {
        return values.get(random.nextInt(values.size()));
      }
      return switch (name) {
        case "token" -> pick(List.of("eyJhbGciOiJIUzI1NiJ9.e30.x", "abc", "j" + random.nextInt(1_000)));
        case "manageToken" -> "A".repeat(43);
        default -> randomId();
      };
    }

    private Buffer body(Operation operation, Mutation mutation, Map<String, String> headers) {
      if (operation.body() == null) {
        if (mutation != Mutation.BODY_ON_READ) {
          return null;
        }
        boolean form = random.nextBoolean();
        headers.put("Content-Type", form ? "application/x-www-form-urlencoded" : "application/json");
        return Buffer.buffer(form ? "a=1&b=%ZZ&c" : "{\"a\":1}");
      }
      headers.put("Content-Type", mutation == Mutation.MEDIA_TYPE ? pick(MEDIA_TYPES) : "application/json");
      Object valid = value(operation.body(), "body");
      String text = switch (mutation) {
        case WRONG_TYPE -> change(valid, field -> pick(List.of(12345, "text", true, new JsonArray().add(1),
            new JsonObject().put("a", 1), -1.5e300)));
        case MISSING_FIELD -> removeOne(valid);
        case UNKNOWN_FIELD -> valid instanceof JsonObject object
            ? object.copy().put(pick(List.of("admin", "id", "version", "__proto__", "é", "")), 1).encode()
            : Json.encode(valid);
        case HUGE_STRING -> change(valid, field -> "x".repeat(pick(List.of(300, 5_000, 12_000))));
        case ODD_UNICODE -> change(valid, field -> pick(ODD_TEXT) + "a" + pick(ODD_TEXT));
        case BAD_JSON -> pick(BAD_JSON);
        case NOT_AN_OBJECT -> pick(List.of("[]", "null", "42", "\"text\"", "true", "[" + Json.encode(valid) + "]"));
        case DUPLICATE_KEY -> duplicateKey(valid);
        case NO_BODY -> "";
        case OVERSIZE -> change(valid, field -> "o".repeat(MAX_BODY_BYTES + 1));
        default -> Json.encode(valid);
      };
      boolean utf16 = headers.get("Content-Type").contains("utf-16");
      return Buffer.buffer(text.getBytes(utf16 ? StandardCharsets.UTF_16 : StandardCharsets.UTF_8));
    }

    /** The valid body with one field (chosen at random) replaced. */
    private String change(Object valid, Function<String, Object> replacement) {
      if (!(valid instanceof JsonObject object) || object.isEmpty()) {
        return Json.encode(valid);
      }
      List<String> fields = new ArrayList<>(new TreeSet<>(object.fieldNames()));
      String field = fields.get(random.nextInt(fields.size()));
      return object.copy().put(field, replacement.apply(field)).encode();
    }

    private String removeOne(Object valid) {
      if (!(valid instanceof JsonObject object) || object.isEmpty()) {
        return "{}";
      }
      List<String> fields = new ArrayList<>(new TreeSet<>(object.fieldNames()));
      JsonObject copy = object.copy();
      copy.remove(fields.get(random.nextInt(fields.size())));
      return copy.encode();
    }

    private String duplicateKey(Object valid) {
      if (!(valid instanceof JsonObject object) || object.isEmpty()) {
        return "{\"a\":1,\"a\":2}";
      }
      String field = new TreeSet<>(object.fieldNames()).first();
      String encoded = object.encode();
      return "{\"" + field + "\":12345," + encoded.substring(1);
    }

    /** A value the schema allows (as far as a generator without a regular-expression engine can tell). */
    Object value(JsonObject schema, String name) {
      JsonObject resolved = resolve(document, schema);
      if (resolved.containsKey("enum")) {
        JsonArray values = resolved.getJsonArray("enum");
        return values.getValue(random.nextInt(values.size()));
      }
      for (String choice : List.of("oneOf", "anyOf")) {
        if (resolved.containsKey(choice)) {
          JsonArray options = resolved.getJsonArray(choice);
          return value(options.getJsonObject(random.nextInt(options.size())), name);
        }
      }
      if (resolved.containsKey("allOf")) {
        JsonObject merged = new JsonObject();
        for (Object part : resolved.getJsonArray("allOf")) {
          if (value((JsonObject) part, name) instanceof JsonObject object) {
            merged.mergeIn(object);
          }
        }
        return merged;
      }
      return switch (type(resolved)) {
        case "object" -> object(resolved);
        case "array" -> {
          JsonArray array = new JsonArray();
          int items = Math.max(resolved.getInteger("minItems", 0), random.nextInt(3));
          for (int i = 0; i < items; i++) {
            array.add(value(resolved.getJsonObject("items", new JsonObject()), name));
          }
          yield array;
        }
        case "integer" -> {
          long min = resolved.getLong("minimum", 0L);
          long max = resolved.getLong("maximum", min + 100);
          yield min + (long) random.nextInt((int) Math.min(max - min + 1, 1_000));
        }
        case "number" -> resolved.getDouble("minimum", 0.0) + random.nextDouble();
        case "boolean" -> random.nextBoolean();
        case "null" -> null;
        default -> string(resolved, name);
      };
    }

    private JsonObject object(JsonObject schema) {
      JsonObject object = new JsonObject();
      JsonObject properties = schema.getJsonObject("properties", new JsonObject());
      List<Object> required = schema.getJsonArray("required", new JsonArray()).getList();
      for (String property : new TreeSet<>(properties.fieldNames())) {
        if (required.contains(property) || random.nextBoolean()) {
          object.put(property, value(properties.getJsonObject(property), property));
        }
      }
      return object;
    }

    private String type(JsonObject schema) {
      Object type = schema.getValue("type");
      if (type instanceof JsonArray types) {
        List<Object> named = types.getList().stream().filter(t -> !"null".equals(t)).toList();
        return named.isEmpty() || random.nextInt(10) == 0 ? "null" : (String) named.get(0);
      }
      return type == null ? (schema.containsKey("properties") ? "object" : "string") : (String) type;
    }

    private String string(JsonObject schema, String name) {
      String format = schema.getString("format", "");
      return switch (format) {
        case "uuid" -> idFor(name);
        case "date-time" -> pick(List.of("2026-12-01T13:00:00Z", "2026-11-24T14:00:00+01:00",
            "2026-12-08T15:00:00Z"));
        case "date" -> pick(List.of("2027-01-31", "2026-12-15"));
        case "email" -> "fuzz" + random.nextInt(1_000) + "@relais.test";
        default -> switch (name) {
          case "language", "lang" -> pick(List.of("fr", "ar", "en"));
          case "email" -> "fuzz" + random.nextInt(1_000) + "@relais.test";
          case "phone" -> "03 20 00 00 01";
          case "postcode" -> "59000";
          case "password" -> "a long enough password";
          default -> schema.containsKey("example") ? String.valueOf(schema.getValue("example"))
              : "Atelier " + (char) ('a' + random.nextInt(26));
        };
      };
    }

    private String idFor(String name) {
      String key = name.endsWith("Ids") ? name.substring(0, name.length() - 1) : name;
      List<String> values = known.get(key);
      return values != null && random.nextInt(4) != 0 ? values.get(random.nextInt(values.size())) : randomId();
    }

    /** A version-4 UUID from the run's own random source. */
    private String randomId() {
      return new UUID(random.nextLong() & ~0xF000L | 0x4000L, random.nextLong() & 0x3FFFFFFFFFFFFFFFL
          | 0x8000000000000000L).toString();
    }

    private <T> T pick(List<T> values) {
      return values.get(random.nextInt(values.size()));
    }

    private static String text(Object value) {
      return value instanceof String text ? text : Json.encode(value);
    }

    private static String encode(String value) {
      return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
  }
}
