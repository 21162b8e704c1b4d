package org.relais.loadtest.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Results side by side, as a table for people and as JSON for scripts; errors are never left quiet. */
public final class ResultTable {
  private static final String ROW = "%-18s %11s %9s %9s %9s %9s %7s %7s %8s%n";

  private ResultTable() {}

  public static void print(PrintStream out, List<LoadResult> results) {
    out.printf(Locale.ROOT, ROW, "route", "requests/s", "p50", "p90", "p99", "max", "errors", "MB/s", "CPU/req");
    for (LoadResult r : results) {
      out.printf(Locale.ROOT, ROW, r.label(), String.format(Locale.ROOT, "%,.0f", r.requestsPerSecond()),
          ms(r.millisAt(50)), ms(r.millisAt(90)), ms(r.millisAt(99)), ms(r.maxMillis()), r.errors(),
          String.format(Locale.ROOT, "%.0f", r.bytes() / (r.measured().toNanos() / 1e9) / 1e6),
          Double.isNaN(r.cpuMicrosPerRequest()) ? "-" : String.format(Locale.ROOT, "%.0f us", r.cpuMicrosPerRequest()));
    }
    for (LoadResult r : results) {
      if (!r.clean()) {
        out.println();
        out.printf(Locale.ROOT, "!!! %s HAD ERRORS: %d request(s) failed, %d answer(s) not 200, %d answer(s) 200%n",
            r.label().toUpperCase(Locale.ROOT), r.failed(), r.otherStatus(), r.ok());
        r.problems().forEach(problem -> out.println("!!!   " + problem));
        out.println("!!! Figures from a run with errors do not measure the route.");
      }
    }
  }

  public static JsonObject json(LoadResult r) {
    JsonObject json = new JsonObject()
        .put("route", r.label())
        .put("uri", r.uri())
        .put("seconds", r.measured().toMillis() / 1000.0)
        .put("requestsPerSecond", round(r.requestsPerSecond()))
        .put("p50Ms", round(r.millisAt(50)))
        .put("p90Ms", round(r.millisAt(90)))
        .put("p99Ms", round(r.millisAt(99)))
        .put("maxMs", round(r.maxMillis()))
        .put("ok", r.ok())
        .put("otherStatus", r.otherStatus())
        .put("failed", r.failed())
        .put("bytes", r.bytes())
        .put("cpuMicrosPerRequest", round(r.cpuMicrosPerRequest()))
        .put("problems", new JsonArray(r.problems()));
    if (r.uris() > 1) {
      json.put("uris", r.uris()).put("urisAnswered", r.urisAnswered());
    }
    return json;
  }

  private static String ms(double millis) {
    if (Double.isNaN(millis)) {
      return "-";
    }
    return String.format(Locale.ROOT, millis < 10 ? "%.2f ms" : "%.1f ms", millis);
  }

  private static Double round(double value) {
    return Double.isNaN(value) ? null : Math.round(value * 100) / 100.0;
  }
}
