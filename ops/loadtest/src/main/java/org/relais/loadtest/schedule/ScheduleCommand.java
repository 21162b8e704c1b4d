package org.relais.loadtest.schedule;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.relais.hub.schedule.SessionStore;
import org.relais.loadtest.DurationConverter;
import org.relais.loadtest.HubOptions;
import org.relais.loadtest.LoadOptions;
import org.relais.loadtest.LoadTest;
import org.relais.loadtest.Machine;
import org.relais.loadtest.RunDirectory;
import org.relais.loadtest.http.ClosedLoopLoad;
import org.relais.loadtest.http.HttpAnswer;
import org.relais.loadtest.http.LoadResult;
import org.relais.loadtest.http.LoadSettings;
import org.relais.loadtest.http.ResultTable;
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
      try (InProcessHub hub = InProcessHub.start(run.dataDir(), hubOptions.overrides(),
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
        checkReplay(loader, captured, out);
        out.printf(Locale.ROOT, "Window:   %s to %s (%s): %,d sittings; one page of %d = %,d bytes%n",
            window.from(), window.to(), window.zone(), window.sittings(), limit, captured.body().length());
        out.println("  real:     GET " + realUri);
        out.println("  baseline: GET " + BASELINE_PATH);
        out.println();

        out.printf(Locale.ROOT, "Warming up both routes, %s each, before anything is measured...%n",
            DurationConverter.format(settings.warmup()));
        loader.warmUp(BASELINE_PATH, settings.warmup()).await();
        loader.warmUp(realUri, settings.warmup()).await();
        List<LoadResult> results = new ArrayList<>();
        results.add(measure(loader, "baseline", BASELINE_PATH, out));
        LoadResult real = measure(loader, "real", realUri, out);
        results.add(real);
        if (repeatBaseline) {
          results.add(measure(loader, "baseline (again)", BASELINE_PATH, out));
        }
        List<LoadResult> baselines = results.stream().filter(r -> r != real).toList();
        Targets.Verdict verdict = new Targets(minRatio, maxP99).judge(real, baselines);
        String loadAtEnd = Machine.describeLoad();
        report(out, results, real, baselines, verdict, loadAtEnd);
        if (json) {
          out.println(json(machine, settings, window, loadAtStart, loadAtEnd, results, verdict).encode());
        }
        return verdict.pass() ? 0 : LoadTest.TARGET_MISSED;
      }
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

  /** Makes sure the baseline answers exactly what the real route did, or stops the run. */
  private static void checkReplay(ClosedLoopLoad loader, HttpAnswer real, PrintStream out) {
    HttpAnswer replayed = loader.fetch(BASELINE_PATH).await();
    Map<String, String> realHeaders = headers(real);
    Map<String, String> replayedHeaders = headers(replayed);
    if (replayed.status() != real.status() || !replayed.body().equals(real.body())
        || !replayedHeaders.equals(realHeaders)) {
      throw new IllegalStateException("The baseline does not replay the real answer: headers " + replayedHeaders
          + " instead of " + realHeaders);
    }
    out.println("Baseline: replays the real answer's status, " + realHeaders.size() + " headers and bytes "
        + "(checked); headers: " + String.join(", ", realHeaders.keySet()));
  }

  private static Map<String, String> headers(HttpAnswer answer) {
    return answer.headers().names().stream().collect(Collectors.toMap(name -> name.toLowerCase(Locale.ROOT),
        name -> String.join(",", answer.headers().getAll(name)), (a, b) -> a + "," + b, TreeMap::new));
  }

  private static LoadResult measure(ClosedLoopLoad loader, String label, String uri, PrintStream out) {
    out.printf(Locale.ROOT, "Measuring %s (%s warm-up, %s measured; load average %s)...%n", label,
        DurationConverter.format(loader.settings().warmup()), DurationConverter.format(loader.settings().duration()),
        Machine.describeLoad());
    return loader.run(label, uri).await();
  }

  private void report(PrintStream out, List<LoadResult> results, LoadResult real, List<LoadResult> baselines,
      Targets.Verdict verdict, String loadAtEnd) {
    out.println();
    ResultTable.print(out, results);
    out.println();
    out.printf(Locale.ROOT, "Throughput real/baseline: %.3f (target >= %.2f)%s%n", verdict.ratio(), minRatio,
        verdict.ratio() >= minRatio ? "" : "  MISSED");
    out.printf(Locale.ROOT, "p99 of the real route:    %.1f ms (target < %d ms)%s%n", verdict.realP99Millis(),
        maxP99.toMillis(), verdict.realP99Millis() < maxP99.toNanos() / 1e6 ? "" : "  MISSED");
    double baselineCpu = baselines.stream().mapToDouble(LoadResult::cpuMicrosPerRequest).average().orElse(Double.NaN);
    out.printf(Locale.ROOT, "Process CPU per answer:   real %.0f us, baseline %.0f us (x%.2f; hub and load "
        + "generator together)%n", real.cpuMicrosPerRequest(), baselineCpu, real.cpuMicrosPerRequest() / baselineCpu);
    if (baselines.size() == 2) {
      double first = baselines.get(0).requestsPerSecond();
      double drift = (baselines.get(1).requestsPerSecond() - first) / first * 100;
      out.printf(Locale.ROOT, "Baseline drift between its two runs: %+.1f %%%s%n", drift, Math.abs(drift) > 10
          ? " (the machine was not steady: take these figures as indicative)" : "");
    }
    out.println("Load average (1 min) at end: " + loadAtEnd);
    out.println(verdict.pass() ? "PASS" : "FAIL: " + String.join("; ", verdict.misses()));
  }

  private JsonObject json(Machine machine, LoadSettings settings, Window window, String loadAtStart,
      String loadAtEnd, List<LoadResult> results, Targets.Verdict verdict) {
    return new JsonObject()
        .put("scenario", "schedule")
        .put("machine", new JsonObject().put("cores", machine.cores()).put("cpu", machine.cpu())
            .put("os", machine.os()).put("jvm", machine.jvm()).put("maxHeapMb", machine.maxHeapMb())
            .put("loadAverageAtStart", loadAtStart).put("loadAverageAtEnd", loadAtEnd))
        .put("settings", new JsonObject().put("sessions", sessions).put("seed", seed).put("limit", limit)
            .put("connections", settings.connections()).put("warmupSeconds", settings.warmup().toMillis() / 1000.0)
            .put("durationSeconds", settings.duration().toMillis() / 1000.0)
            .put("clientThreads", settings.clientThreads()).put("gzip", settings.gzip())
            .put("windowFrom", window.from().toString()).put("windowTo", window.to().toString())
            .put("windowSittings", window.sittings()))
        .put("results", new JsonArray(results.stream().map(ResultTable::json).toList()))
        .put("ratio", Math.round(verdict.ratio() * 1000) / 1000.0)
        .put("targets", new JsonObject().put("minRatio", minRatio).put("maxP99Ms", maxP99.toMillis()))
        .put("pass", verdict.pass())
        .put("misses", new JsonArray(verdict.misses()));
  }
}
