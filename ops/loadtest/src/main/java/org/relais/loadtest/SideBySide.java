package org.relais.loadtest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.relais.loadtest.http.ClosedLoopLoad;
import org.relais.loadtest.http.HttpAnswer;
import org.relais.loadtest.http.LoadResult;
import org.relais.loadtest.http.LoadSettings;
import org.relais.loadtest.http.ResultTable;
import org.relais.loadtest.http.Targets;
import org.relais.loadtest.http.UriCycle;

/**
 * The part every scenario shares once its hub is seeded: a real route and a baseline replaying one of
 * its answers from memory on the same server; both warmed up, then the baseline, the real route and
 * the baseline again measured; the table, the ratio and the p99 judged against the targets, and the
 * same figures as one line of JSON.
 */
public final class SideBySide {
  /** The measured runs, in order, the real one, the baseline ones, and their judgement. */
  public record Outcome(List<LoadResult> results, LoadResult real, List<LoadResult> baselines,
      Targets.Verdict verdict) {}

  private final ClosedLoopLoad loader;
  private final Targets targets;
  private final boolean repeatBaseline;
  private final PrintStream out;

  public SideBySide(ClosedLoopLoad loader, Targets targets, boolean repeatBaseline, PrintStream out) {
    this.loader = loader;
    this.targets = targets;
    this.repeatBaseline = repeatBaseline;
    this.out = out;
  }

  /** Makes sure the baseline answers exactly what the real route did, or stops the run. */
  public void checkReplay(String baselineUri, HttpAnswer real) {
    HttpAnswer replayed = loader.fetch(baselineUri).await();
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

  /**
   * Warms both routes up (so that the JIT has compiled both ends before anything counts; otherwise the
   * first route measured pays for it), then measures the baseline, the real route and, unless told
   * not to, the baseline again to show drift.
   */
  public Outcome measure(UriCycle real, UriCycle baseline) {
    out.printf(Locale.ROOT, "Warming up both routes, %s each, before anything is measured...%n",
        DurationConverter.format(loader.settings().warmup()));
    loader.warmUp(baseline, loader.settings().warmup()).await();
    loader.warmUp(real, loader.settings().warmup()).await();
    List<LoadResult> results = new ArrayList<>();
    results.add(measure("baseline", baseline));
    LoadResult realResult = measure("real", real);
    results.add(realResult);
    if (repeatBaseline) {
      results.add(measure("baseline (again)", baseline));
    }
    List<LoadResult> baselines = results.stream().filter(r -> r != realResult).toList();
    return new Outcome(List.copyOf(results), realResult, baselines, targets.judge(realResult, baselines));
  }

  private LoadResult measure(String label, UriCycle uris) {
    out.printf(Locale.ROOT, "Measuring %s (%s warm-up, %s measured; load average %s)...%n", label,
        DurationConverter.format(loader.settings().warmup()), DurationConverter.format(loader.settings().duration()),
        Machine.describeLoad());
    return loader.run(label, uris).await();
  }

  /** The table, then the ratio, the p99, the CPU per answer and the drift against the targets; then the verdict. */
  public void report(Outcome outcome, String loadAtEnd) {
    reportTable(outcome);
    reportVerdict(outcome, loadAtEnd);
  }

  /** The table alone, for scenarios that have more to say before the verdict. */
  public void reportTable(Outcome outcome) {
    out.println();
    ResultTable.print(out, outcome.results());
    out.println();
  }

  /** Everything after the table, ending with PASS or FAIL and the reasons. */
  public void reportVerdict(Outcome outcome, String loadAtEnd) {
    Targets.Verdict verdict = outcome.verdict();
    LoadResult real = outcome.real();
    out.printf(Locale.ROOT, "Throughput real/baseline: %.3f (target >= %.2f)%s%n", verdict.ratio(),
        targets.minRatio(), verdict.ratio() >= targets.minRatio() ? "" : "  MISSED");
    out.printf(Locale.ROOT, "p99 of the real route:    %.1f ms (target < %d ms)%s%n", verdict.realP99Millis(),
        targets.maxP99().toMillis(), verdict.realP99Millis() < targets.maxP99().toNanos() / 1e6 ? "" : "  MISSED");
    double baselineCpu = outcome.baselines().stream().mapToDouble(LoadResult::cpuMicrosPerRequest).average()
        .orElse(Double.NaN);
    out.printf(Locale.ROOT, "Process CPU per answer:   real %.0f us, baseline %.0f us (x%.2f; hub and load "
        + "generator together)%n", real.cpuMicrosPerRequest(), baselineCpu, real.cpuMicrosPerRequest() / baselineCpu);
    if (outcome.baselines().size() == 2) {
      double first = outcome.baselines().get(0).requestsPerSecond();
      double drift = (outcome.baselines().get(1).requestsPerSecond() - first) / first * 100;
      out.printf(Locale.ROOT, "Baseline drift between its two runs: %+.1f %%%s%n", drift, Math.abs(drift) > 10
          ? " (the machine was not steady: take these figures as indicative)" : "");
    }
    out.println("Load average (1 min) at end: " + loadAtEnd);
    out.println(verdict.pass() ? "PASS" : "FAIL: " + String.join("; ", verdict.misses()));
  }

  /** The load settings, added to a scenario's own settings for the JSON line. */
  public static JsonObject putLoad(JsonObject settingsJson, LoadSettings settings) {
    return settingsJson.put("connections", settings.connections())
        .put("warmupSeconds", settings.warmup().toMillis() / 1000.0)
        .put("durationSeconds", settings.duration().toMillis() / 1000.0)
        .put("clientThreads", settings.clientThreads()).put("gzip", settings.gzip());
  }

  /** The figures as one JSON object: the scenario, the machine, its settings, the runs and the verdict. */
  public JsonObject json(String scenario, Machine machine, String loadAtStart, String loadAtEnd,
      JsonObject settingsJson, Outcome outcome) {
    return new JsonObject()
        .put("scenario", scenario)
        .put("machine", new JsonObject().put("cores", machine.cores()).put("cpu", machine.cpu())
            .put("os", machine.os()).put("jvm", machine.jvm()).put("maxHeapMb", machine.maxHeapMb())
            .put("loadAverageAtStart", loadAtStart).put("loadAverageAtEnd", loadAtEnd))
        .put("settings", settingsJson)
        .put("results", new JsonArray(outcome.results().stream().map(ResultTable::json).toList()))
        .put("ratio", Math.round(outcome.verdict().ratio() * 1000) / 1000.0)
        .put("targets", new JsonObject().put("minRatio", targets.minRatio())
            .put("maxP99Ms", targets.maxP99().toMillis()))
        .put("pass", outcome.verdict().pass())
        .put("misses", new JsonArray(outcome.verdict().misses()));
  }
}
