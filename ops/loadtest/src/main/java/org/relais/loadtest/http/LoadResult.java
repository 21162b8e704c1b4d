package org.relais.loadtest.http;

import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * What one measured span gave: 200 answers and their latency (microseconds), answers with another
 * status, and requests that failed outright (connection, timeout), with a few of their messages.
 */
public record LoadResult(String label, String uri, Duration measured, long ok, long otherStatus, long failed,
    long bytes, Histogram latencyMicros, List<String> problems) {

  public LoadResult {
    problems = List.copyOf(problems);
  }

  public double requestsPerSecond() {
    return ok / (measured.toNanos() / 1e9);
  }

  public double millisAt(double percentile) {
    return ok == 0 ? Double.NaN : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
  }

  public double maxMillis() {
    return ok == 0 ? Double.NaN : latencyMicros.getMaxValue() / 1000.0;
  }

  public long errors() {
    return otherStatus + failed;
  }

  public boolean clean() {
    return errors() == 0 && ok > 0;
  }
}
