package org.relais.loadtest.http;

import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * What one measured span gave: 200 answers and their latency (microseconds), answers with another
 * status, and requests that failed outright (connection, timeout), with a few of their messages; and
 * the CPU time the process spent meanwhile (-1 if unknown), which says more than throughput when other
 * work shares the machine. {@code uri} describes what was asked for; {@code uris} is how many distinct
 * URIs the run walked through and {@code urisAnswered} how many of them got a 200 within the span.
 */
public record LoadResult(String label, String uri, Duration measured, long ok, long otherStatus, long failed,
    long bytes, Histogram latencyMicros, long cpuNanos, List<String> problems, int uris, int urisAnswered) {

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

  /** Process CPU time (hub and load generator) per 200 answer, in microseconds. */
  public double cpuMicrosPerRequest() {
    return cpuNanos < 0 || ok == 0 ? Double.NaN : cpuNanos / 1e3 / ok;
  }

  public long errors() {
    return otherStatus + failed;
  }

  public boolean clean() {
    return errors() == 0 && ok > 0;
  }
}
