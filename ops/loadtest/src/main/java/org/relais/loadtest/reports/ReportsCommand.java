package org.relais.loadtest.reports;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.io.PrintStream;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.relais.hub.centres.Centre;
import org.relais.hub.centres.CentreKind;
import org.relais.hub.households.OffRadar;
import org.relais.hub.privacy.PrivacyLog;
import org.relais.hub.schedule.Recurrence;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionDraft;
import org.relais.hub.staff.StaffDraft;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.loadtest.HubOptions;
import org.relais.loadtest.LoadTest;
import org.relais.loadtest.Machine;
import org.relais.loadtest.RunDirectory;
import org.relais.loadtest.hub.InProcessHub;
import org.relais.protocol.Category;
import org.relais.protocol.Role;
import org.relais.protocol.VideoMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The attendance report over a year of a whole network: {@code GET /api/v1/reports/attendance} by month for
 * every centre, against the plain schedule listing ({@code GET /api/v1/sessions}, one week) as a baseline,
 * one request at a time each, in the same run on the same hub.
 */
@Command(name = "reports", mixinStandardHelpOptions = true,
    description = {"Benchmark the network-wide attendance report over a year (about 5,000 sittings and 200,000 "
        + "stays in 60 centres) against the schedule listing, sequential requests, p50 and p99.",
        "Target: the report's p99 under --max-p99."})
public final class ReportsCommand implements Callable<Integer> {
  /** The first report sums a year of sittings: minutes on H2 on a busy machine. */
  private static final long FIRST_TIMEOUT_MS = 15 * 60_000;
  private static final String[] PHONES_PREFIX = {"+3361", "+3362", "+3363", "+3364", "+3365"};

  @Mixin
  HubOptions hubOptions;

  @Option(names = "--centres", defaultValue = "60", description = "Centres (default: ${DEFAULT-VALUE}).")
  int centres;

  @Option(names = "--classes", defaultValue = "100", description = "Weekly classes, each a year of sittings "
      + "(default: ${DEFAULT-VALUE}).")
  int classes;

  @Option(names = "--weeks", defaultValue = "50", description = "Sittings of each class, one a week up to last "
      + "week (default: ${DEFAULT-VALUE}).")
  int weeks;

  @Option(names = "--families", defaultValue = "40", description = "Families registered in each class "
      + "(default: ${DEFAULT-VALUE}).")
  int families;

  @Option(names = "--requests", defaultValue = "50", description = "Requests measured per route, after as many "
      + "to warm up (default: ${DEFAULT-VALUE}).")
  int requests;

  @Option(names = "--radar-weeks", defaultValue = "1", description = "Weeks unseen for the off-the-radar list: every "
      + "class runs until last week, so 1 gives a list (default: ${DEFAULT-VALUE}).")
  int radarWeeks;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--max-p99", defaultValue = "1000", description = "Target: the report's p99 in ms "
      + "(default: ${DEFAULT-VALUE}).")
  double maxP99;

  @Override
  public Integer call() {
    PrintStream out = System.out;
    out.println("Relais benchmark: attendance report over a year of the network (GET /api/v1/reports/attendance)");
    out.println("Machine:  " + Machine.current().describe());
    out.println("Load average (1 min) at start: " + Machine.describeLoad());
    // Classes of 40 families, in built-in rooms that seat them all.
    Map<String, String> values = new LinkedHashMap<>(Map.of("rooms.maxPeers", "48"));
    values.putAll(hubOptions.overrides());
    try (RunDirectory run = RunDirectory.create(hubOptions.keepFiles());
        InProcessHub hub = InProcessHub.start(run.dataDir(), values, router -> { })) {
      out.println("Hub:      " + hub.describe());
      long started = System.nanoTime();
      Seeded seeded = seed(hub, new Random(seed));
      out.printf(Locale.ROOT, "Seeded:   %d centres, %d classes, %,d sittings, %,d registrations, %,d stays, "
              + "%,d room events, %,d help calls in %.1f s%n", centres, classes, seeded.sittings(),
          seeded.registrations(), seeded.stays(), seeded.events(), seeded.calls(),
          (System.nanoTime() - started) / 1e9);
      String token = token(hub);
      LocalDate today = LocalDate.now(hub.config().schedule().zone());
      String report = "/api/v1/reports/attendance?from=" + today.minusDays(364) + "&to=" + today + "&by=month";
      Instant monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
          .atStartOfDay(hub.config().schedule().zone()).toInstant();
      String schedule = "/api/v1/sessions?from=" + monday + "&to=" + monday.plus(Duration.ofDays(7)) + "&limit=50";
      // A client of its own, as a family's browser or a coordinator's would be: not on the hub's event loops.
      Vertx vertx = Vertx.vertx();
      HttpClient client = vertx.createHttpClient();
      try {
        // The first report sums the year's sittings into their summary (once; then a day at a time): timed apart.
        long first = System.nanoTime();
        JsonObject answer = new JsonObject(get(client, hub.port(), report, token, FIRST_TIMEOUT_MS).await().toString());
        double firstSeconds = (System.nanoTime() - first) / 1e9;
        JsonObject total = answer.getJsonObject("total");
        out.printf(Locale.ROOT, "Report:   %s lines; total %d sittings held, %d present at home, %d in rooms, "
                + "%d new households, %d seen again%n", answer.getJsonArray("lines").size(),
            total.getInteger("sittingsHeld"), total.getInteger("presentAtHome"), total.getInteger("presentInRooms"),
            total.getInteger("newHouseholds"), total.getInteger("householdsSeenAgain"));
        out.printf(Locale.ROOT, "First report, summing the year: %.1f s%n", firstSeconds);
        out.println("  report:   GET " + report + " (admin bearer token)");
        out.println("  baseline: GET " + schedule);
        out.println();
        double[] baseline = measure(client, hub.port(), schedule, null);
        double[] reportTimes = measure(client, hub.port(), report, token);
        double[] baselineAgain = measure(client, hub.port(), schedule, null);
        StaffPrincipal admin = new StaffPrincipal(UUID.randomUUID(), Role.ADMIN, Set.of());
        OffRadar offRadar = hub.app().households().offRadar();
        int lost = offRadar.list(admin, radarWeeks, PrivacyLog.Action.OFF_RADAR_VIEWED).await().size();
        double[] radarTimes = measure(() -> offRadar.list(admin, radarWeeks, PrivacyLog.Action.OFF_RADAR_VIEWED));
        out.printf(Locale.ROOT, "%-24s %9s %9s %9s%n", "route", "p50 ms", "p99 ms", "max ms");
        print(out, "schedule (baseline)", baseline);
        print(out, "report, year by month", reportTimes);
        print(out, "schedule (again)", baselineAgain);
        print(out, "off the radar, network", radarTimes);
        out.printf(Locale.ROOT, "  off the radar: the network's list for %d week(s) unseen, %d households, through the"
            + " service (no HTTP)%n", radarWeeks, lost);
        double p99 = percentile(reportTimes, 0.99);
        boolean pass = p99 < maxP99;
        out.printf(Locale.ROOT, "%nVerdict: %s: report p99 %.1f ms (target < %.0f ms), %.1fx the baseline's p50%n",
            pass ? "PASS" : "FAIL", p99, maxP99, percentile(reportTimes, 0.5) / percentile(baseline, 0.5));
        return pass ? 0 : LoadTest.TARGET_MISSED;
      } finally {
        client.close();
        vertx.close();
      }
    }
  }

  private double[] measure(HttpClient client, int port, String uri, String token) {
    for (int i = 0; i < requests; i++) {
      get(client, port, uri, token).await();
    }
    double[] millis = new double[requests];
    for (int i = 0; i < requests; i++) {
      long start = System.nanoTime();
      get(client, port, uri, token).await();
      millis[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(millis);
    return millis;
  }

  private double[] measure(Supplier<Future<?>> call) {
    for (int i = 0; i < requests; i++) {
      call.get().await();
    }
    double[] millis = new double[requests];
    for (int i = 0; i < requests; i++) {
      long start = System.nanoTime();
      call.get().await();
      millis[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(millis);
    return millis;
  }

  private static Future<Buffer> get(HttpClient client, int port, String uri, String token) {
    return get(client, port, uri, token, 60_000);
  }

  private static Future<Buffer> get(HttpClient client, int port, String uri, String token, long timeoutMillis) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
        .setURI(uri).setIdleTimeout(timeoutMillis);
    if (token != null) {
      options.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token);
    }
    return client.request(options).compose(request -> request.send()).compose(response -> {
      if (response.statusCode() != 200) {
        return response.body().compose(body -> Future.failedFuture(uri + " answered " + response.statusCode()
            + ": " + body));
      }
      return response.body();
    });
  }

  private static double percentile(double[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  private static void print(PrintStream out, String label, double[] sorted) {
    out.printf(Locale.ROOT, "%-24s %9.1f %9.1f %9.1f%n", label, percentile(sorted, 0.5), percentile(sorted, 0.99),
        sorted[sorted.length - 1]);
  }

  private String token(InProcessHub hub) {
    String email = "bench-admin@relais.test";
    String password = "bench-password-2026";
    hub.app().staff().createTrusted(new StaffDraft(email, "Bench", Role.ADMIN, Set.of(), password)).await();
    HttpClient client = hub.app().vertx().createHttpClient();
    try {
      return client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(hub.port())
              .setURI("/api/v1/auth/login").putHeader(HttpHeaders.CONTENT_TYPE, "application/json"))
          .compose(request -> request.send(new JsonObject().put("email", email).put("password", password).encode()))
          .compose(HttpClientResponse::body).map(body -> new JsonObject(body.toString()).getString("token")).await();
    } finally {
      client.close();
    }
  }

  private record Seeded(int sittings, int registrations, int stays, int events, int calls) {}

  /**
   * A year of the network, written as the channels store it: classes through the schedule, then their
   * families, sittings, stays (a third of them seen by a second source too), a centre room's head counts for a
   * third of the classes, and a help call or two per sitting, in batches.
   */
  private Seeded seed(InProcessHub hub, Random random) {
    ZoneId zone = hub.config().schedule().zone();
    Pool pool = hub.app().database().pool();
    List<Centre> made = new ArrayList<>();
    List<UUID> sites = new ArrayList<>();
    for (int c = 0; c < centres; c++) {
      Centre centre = hub.app().centres().createTrusted(new Centre(UUID.randomUUID(), "Centre " + (c + 1),
          CentreKind.SOCIAL_CENTRE, null, null, null, null, null, null, null, 1)).await();
      made.add(centre);
      sites.add(hub.app().centres().createSiteTrusted(new org.relais.hub.centres.Site(UUID.randomUUID(), centre.id(),
          "Salle", 30, null, 1)).await().id());
    }
    LocalDate today = LocalDate.now(zone);
    Category[] themes = Category.values();
    int sittings = 0;
    int registrations = 0;
    int stays = 0;
    int events = 0;
    int calls = 0;
    for (int k = 0; k < classes; k++) {
      int centreIndex = k % centres;
      Centre centre = made.get(centreIndex);
      DayOfWeek day = DayOfWeek.of(1 + k % 6);
      LocalDate first = today.minusWeeks(weeks).with(TemporalAdjusters.nextOrSame(day));
      ZonedDateTime start = ZonedDateTime.of(first, LocalTime.of(9 + k % 9, 0), zone);
      Session session = hub.app().schedule().createTrusted(new SessionDraft("Atelier " + (k + 1), themes[k % themes.length],
          null, "fr", null, centre.id(), start.toInstant(), start.plusMinutes(90).toInstant(),
          new Recurrence(Set.of(day), null, weeks), families, VideoMode.DIRECT, null)).await();
      List<Tuple> regs = new ArrayList<>();
      List<UUID> ids = new ArrayList<>();
      for (int f = 0; f < families; f++) {
        UUID id = UUID.randomUUID();
        ids.add(id);
        // A pool of numbers smaller than the registrations: households come to several classes.
        String phone = PHONES_PREFIX[random.nextInt(PHONES_PREFIX.length)] + String.format("%07d", random.nextInt(3000));
        Object at = start.toInstant().minus(Duration.ofDays(7)).atOffset(java.time.ZoneOffset.UTC);
        regs.add(Tuple.from(Arrays.asList(id, session.id(), "Famille " + f, phone, "CONFIRMED",
            UUID.randomUUID().toString(), at, at)));
      }
      insert(pool, "INSERT INTO registrations (id, session_id, display_name, phone, household_size, consent, language,"
          + " status, token_id, version, created_at, updated_at) VALUES (?, ?, ?, ?, 2, TRUE, 'fr', ?, ?, 1, ?, ?)",
          regs);
      registrations += regs.size();
      List<Tuple> sittingRows = new ArrayList<>();
      List<Tuple> stayRows = new ArrayList<>();
      List<Tuple> eventRows = new ArrayList<>();
      List<Tuple> callRows = new ArrayList<>();
      for (int w = 0; w < weeks; w++) {
        LocalDate date = first.plusWeeks(w);
        Instant begin = ZonedDateTime.of(date, start.toLocalTime(), zone).toInstant();
        Object end = begin.plus(Duration.ofMinutes(90)).atOffset(java.time.ZoneOffset.UTC);
        sittingRows.add(Tuple.of(session.id(), date, begin.atOffset(java.time.ZoneOffset.UTC), end, end));
        for (UUID family : ids) {
          if (random.nextInt(100) < 75) {
            Instant joined = begin.plusSeconds(random.nextInt(600));
            Instant left = joined.plusSeconds(600 + random.nextInt(4800));
            stayRows.add(stay(session, date, family, "ROOM", joined, left));
            if (random.nextInt(3) == 0) {
              stayRows.add(stay(session, date, family, "PAGE", joined, left.minusSeconds(300)));
            }
          }
        }
        if (k % 3 == 0) {
          UUID site = sites.get(centreIndex);
          int heads = 4 + random.nextInt(12);
          eventRows.add(event(site, session, date, "HEAD_COUNT", heads, begin.plusSeconds(300)));
          eventRows.add(event(site, session, date, "CHECK_IN", 2, begin.plusSeconds(600)));
          eventRows.add(event(site, session, date, "HEAD_COUNT", -1, begin.plusSeconds(3600)));
        }
        Instant asked = begin.plusSeconds(900);
        callRows.add(Tuple.from(Arrays.asList(UUID.randomUUID(), session.id(), centre.id(), ids.get(w % ids.size()),
            asked.atOffset(java.time.ZoneOffset.UTC), date, asked.plusSeconds(30 + random.nextInt(200))
                .atOffset(java.time.ZoneOffset.UTC))));
      }
      insert(pool, "INSERT INTO sittings (session_id, sitting_date, state, started_at, ended_at, version, updated_at)"
          + " VALUES (?, ?, 'ENDED', ?, ?, 2, ?)", sittingRows);
      insert(pool, "INSERT INTO attendance (id, session_id, sitting_date, subject_kind, subject_id, source, joined_at,"
          + " left_at) VALUES (?, ?, ?, 'REGISTRATION', ?, ?, ?, ?)", stayRows);
      insert(pool, "INSERT INTO site_events (id, site_id, session_id, kind, delta, happened_at, received_at,"
          + " sitting_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", eventRows);
      insert(pool, "INSERT INTO help_calls (id, session_id, centre_id, registration_id, display_name, status,"
          + " room_name, version, created_at, updated_at, sitting_date, taken_at)"
          + " VALUES (?, ?, ?, ?, 'Famille', 'DONE', 'aide', 3, ?, ?, ?, ?)", callRows.stream()
              .map(t -> Tuple.of(t.getValue(0), t.getValue(1), t.getValue(2), t.getValue(3), t.getValue(4),
                  t.getValue(4), t.getValue(5), t.getValue(6))).toList());
      sittings += sittingRows.size();
      stays += stayRows.size();
      events += eventRows.size();
      calls += callRows.size();
    }
    if (hub.config().db().safeUrl().startsWith("jdbc:postgresql")) {
      pool.query("ANALYZE").execute().await();
    }
    return new Seeded(sittings, registrations, stays, events, calls);
  }

  private static Tuple stay(Session session, LocalDate date, UUID family, String source, Instant joined, Instant left) {
    return Tuple.from(Arrays.asList(UUID.randomUUID(), session.id(), date, family, source,
        joined.atOffset(java.time.ZoneOffset.UTC), left.atOffset(java.time.ZoneOffset.UTC)));
  }

  private static Tuple event(UUID site, Session session, LocalDate date, String kind, int delta, Instant at) {
    Object when = at.atOffset(java.time.ZoneOffset.UTC);
    return Tuple.from(Arrays.asList(UUID.randomUUID(), site, session.id(), kind, delta, when, when, date));
  }

  private static void insert(Pool pool, String sql, List<Tuple> rows) {
    for (int from = 0; from < rows.size(); from += 1000) {
      List<Tuple> batch = rows.subList(from, Math.min(rows.size(), from + 1000));
      pool.withTransaction(tx -> tx.preparedQuery(sql).executeBatch(batch)).await();
    }
  }
}
