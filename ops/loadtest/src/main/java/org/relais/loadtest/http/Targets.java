package org.relais.loadtest.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a real route must reach against its from-memory baseline (a share of its throughput, a p99
 * latency), and the judgement of a run.
 */
public record Targets(double minRatio, Duration maxP99) {

  public record Verdict(double ratio, double realP99Millis, List<String> misses) {
    public boolean pass() {
      return misses.isEmpty();
    }
  }

  /** Judges the real route against the mean throughput of the baseline runs. */
  public Verdict judge(LoadResult real, List<LoadResult> baselines) {
    double baseline = baselines.stream().mapToDouble(LoadResult::requestsPerSecond).average().orElse(Double.NaN);
    double ratio = real.requestsPerSecond() / baseline;
    double p99 = real.millisAt(99);
    List<String> misses = new ArrayList<>();
    if (!real.clean() || baselines.stream().anyMatch(b -> !b.clean())) {
      misses.add("errors during the run");
    }
    if (!(ratio >= minRatio)) {
      misses.add(String.format(Locale.ROOT, "throughput ratio %.2f is below %.2f", ratio, minRatio));
    }
    if (!(p99 < maxP99.toNanos() / 1e6)) {
      misses.add(String.format(Locale.ROOT, "p99 %.1f ms is not under %d ms", p99, maxP99.toMillis()));
    }
    return new Verdict(ratio, p99, misses);
  }
}
