package org.relais.loadtest.schedule;

import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.relais.hub.schedule.SessionStore;
import org.relais.hub.testing.Nginx;
import org.relais.loadtest.DurationConverter;
import org.relais.loadtest.HubOptions;
import org.relais.loadtest.LoadOptions;
import org.relais.loadtest.LoadTest;
import org.relais.loadtest.Machine;
import org.relais.loadtest.RunDirectory;
import org.relais.loadtest.SideBySide;
import org.relais.loadtest.ViaOptions;
import org.relais.loadtest.http.ClosedLoopLoad;
import org.relais.loadtest.http.HttpAnswer;
import org.relais.loadtest.http.LoadSettings;
import org.relais.loadtest.http.Targets;
import org.relais.loadtest.http.UriCycle;
import org.relais.loadtest.hub.InProcessHub;
import org.relais.loadtest.hub.ReplayedResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The schedule read path: a one-week page of {@code GET /api/v1/sessions} on a realistically seeded
 * hub, against a baseline route of the same server that answers the same bytes from memory.
 */
@Command(name = "schedule", mixinStandardHelpOptions = true,
    description = {"Benchmark GET /api/v1/sessions for a one-week window on a seeded hub, side by side with a "
        + "baseline route on the same server answering the same bytes from memory.",
        "Targets: real throughput at least --min-ratio of the baseline's, real p99 under --max-p99."})
public final class ScheduleCommand implements Callable<Integer> {
  static final String BASELINE_PATH = "/bench/baseline";

  @Mixin
  LoadOptions load;

  @Mixin
  HubOptions hubOptions;

  @Mixin
  ViaOptions via;

  @Option(names = "--sessions", defaultValue = "5000", description = "Sessions to seed (default: ${DEFAULT-VALUE}).")
  int sessions;

  @Option(names = "--limit", defaultValue = "50", description = "Page size asked of the real route "
      + "(default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed of the generated schedule "
      + "(default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--min-ratio", defaultValue = "0.5", description = "Target: real/baseline throughput at least "
      + "this (default: ${DEFAULT-VALUE}).")
  double minRatio;

  @Option(names = "--max-p99", defaultValue = "20ms", converter = DurationConverter.class,
      description = "Target: p99 latency of the real route under this (default: ${DEFAULT-VALUE}).")
  Duration maxP99;

  @Option(names = "--repeat-baseline", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Measure the baseline again after the real route, to show drift (default: ${DEFAULT-VALUE}).")
  boolean repeatBaseline;

  @Option(names = "--json", description = "Also print the figures as one line of JSON at the end.")
  boolean json;

  @Override
  public Integer call() {
    PrintStream out = System.out;
    LoadSettings settings = load.settings();
    Machine machine = Machine.current();
    String loadAtStart = Machine.describeLoad();
    out.println("Relais benchmark: schedule read path (GET /api/v1/sessions, one-week window)");
    out.println("Machine:  " + machine.describe());
    out.println("Load average (1 min) at start: " + loadAtStart);
    try (RunDirectory run = RunDirectory.create(hubOptions.keepFiles())) {
      ReplayedResponse baseline = new ReplayedResponse();
      Map<String, String> values = new LinkedHashMap<>();
      // The seeded classes take up to 40 families, DIRECT ones too: built-in rooms that seat them all.
      values.put("rooms.maxPeers", "48");
      values.putAll(hubOptions.overrides());
      try (InProcessHub hub = InProcessHub.start(run.dataDir(), values,
              router -> router.get(BASELINE_PATH).handler(baseline));
          ClosedLoopLoad loader = new ClosedLoopLoad(settings, "127.0.0.1", hub.port())) {
        out.println("Hub:      " + hub.describe() + "; log in " + run.hubLog()
            + (run.kept() ? "" : " (removed at exit; --keep-files keeps it)"));
        out.printf(Locale.ROOT, "Load:     %d connections with one request in flight each, %s warm-up + %s "
                + "measured per route, %d client event loop(s), %s%n", settings.connections(),
            DurationConverter.format(settings.warmup()), DurationConverter.format(settings.duration()),
            settings.clientThreads(), settings.gzip() ? "Accept-Encoding: gzip" : "no compression asked");
        Window window = seed(hub, out);
        String realUri = "/api/v1/sessions?from=" + window.from() + "&to=" + window.to() + "&limit=" + limit;
        HttpAnswer captured = loader.fetch(realUri).await();
        if (captured.status() != 200) {
          out.println("The real route answered " + captured.status() + ": " + captured.body());
          return LoadTest.TARGET_MISSED;
        }
        baseline.capture(captured);
        SideBySide bench = new SideBySide(loader, new Targets(minRatio, maxP99), repeatBaseline, out);
        bench.checkReplay(BASELINE_PATH, captured);
        out.printf(Locale.ROOT, "Window:   %s to %s (%s): %,d sittings; one page of %d = %,d bytes%n",
            window.from(), window.to(), window.zone(), window.sittings(), limit, captured.body().length());
        out.println("  real:     GET " + realUri);
        out.println("  baseline: GET " + BASELINE_PATH);
        out.println();

        SideBySide.Outcome outcome = bench.measure(UriCycle.of(realUri), UriCycle.of(BASELINE_PATH));
        String loadAtEnd = Machine.describeLoad();
        bench.report(outcome, loadAtEnd);
        if (via.nginx()) {
          throughNginx(hub, settings, realUri, outcome, out);
        }
        if (json) {
          out.println(bench.json("schedule", machine, loadAtStart, loadAtEnd, settingsJson(settings, window),
              outcome).encode());
        }
        return outcome.verdict().pass() ? 0 : LoadTest.TARGET_MISSED;
      }
    }
  }

  /**
   * The same two routes measured again through nginx in front of the same hub, over TLS; the targets stay the
   * hub's own (judged above), these figures say what the proxy adds.
   */
  private void throughNginx(InProcessHub hub, LoadSettings settings, String realUri, SideBySide.Outcome direct,
      PrintStream out) {
    out.println();
    out.println("Through nginx: " + Nginx.BINARY + " running ops/nginx/relais.conf (TLS, HTTP/1.1 keep-alive "
        + "from this load generator, keep-alive to the hub), to the same hub");
    try (Nginx nginx = ViaOptions.startNginx(hub.port());
        ClosedLoopLoad proxied = new ClosedLoopLoad(settings, "localhost", nginx.httpsPort(), ViaOptions.trust(nginx))) {
      HttpAnswer answer = proxied.fetch(realUri).await();
      if (answer.status() != 200) {
        throw new IllegalStateException("Through nginx the real route answered " + answer.status());
      }
      SideBySide bench = new SideBySide(proxied, new Targets(minRatio, maxP99), repeatBaseline, out);
      SideBySide.Outcome outcome = bench.measure(UriCycle.of(realUri), UriCycle.of(BASELINE_PATH));
      bench.reportTable(outcome);
      out.printf(Locale.ROOT, "Through nginx vs direct: real route %,.0f vs %,.0f answers/s (x%.2f); p99 %.1f vs "
              + "%.1f ms; real/baseline ratio %.3f vs %.3f%n", outcome.real().requestsPerSecond(),
          direct.real().requestsPerSecond(), outcome.real().requestsPerSecond() / direct.real().requestsPerSecond(),
          outcome.verdict().realP99Millis(), direct.verdict().realP99Millis(), outcome.verdict().ratio(),
          direct.verdict().ratio());
    }
  }

  /** The measured week and how many sittings it holds. */
  private record Window(Instant from, Instant to, ZoneId zone, int sittings) {}

  private Window seed(InProcessHub hub, PrintStream out) {
    ZoneId zone = hub.config().schedule().zone();
    LocalDate monday = LocalDate.now(zone).with(TemporalAdjusters.next(DayOfWeek.MONDAY));
    SeedPlan plan = SeedPlan.generate(sessions, seed, monday, zone);
    out.printf(Locale.ROOT, "Seeding:  %,d sessions (%,d weekly series, %,d one-off, %,d without instructor) in "
            + "%d centres with %d instructors, first sittings over %d days from %s (seed %d)%n", sessions,
        plan.series(), sessions - plan.series(), plan.withoutInstructor(), plan.centres().size(),
        plan.instructors().size(), SeedPlan.DAYS_SPREAD, monday.minusWeeks(SeedPlan.WEEKS_BEFORE), seed);
    long started = System.nanoTime();
    new ScheduleSeed(hub.app(), out).write(plan).await();
    out.printf(Locale.ROOT, "  seeded through the hub's services in %.1f s%n", (System.nanoTime() - started) / 1e9);
    Instant from = monday.atStartOfDay(zone).toInstant();
    Instant to = monday.plusWeeks(1).atStartOfDay(zone).toInstant();
    int sittings = hub.app().schedule().occurrences(from, to, SessionStore.Filter.NONE).await().size();
    return new Window(from, to, zone, sittings);
  }

  private JsonObject settingsJson(LoadSettings settings, Window window) {
    return SideBySide.putLoad(new JsonObject().put("sessions", sessions).put("seed", seed).put("limit", limit),
            settings)
        .put("windowFrom", window.from().toString()).put("windowTo", window.to().toString())
        .put("windowSittings", window.sittings());
  }
}
