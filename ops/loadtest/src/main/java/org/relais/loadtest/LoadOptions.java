package org.relais.loadtest;

import java.time.Duration;
import org.relais.loadtest.http.LoadSettings;
import picocli.CommandLine.Option;

/** Options of every scenario that loads HTTP routes. */
public final class LoadOptions {
  @Option(names = "--connections", defaultValue = "200", description = "Concurrent connections, each with one "
      + "request in flight (default: ${DEFAULT-VALUE}).")
  int connections;

  @Option(names = "--duration", defaultValue = "30s", converter = DurationConverter.class,
      description = "Measured time per route (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--warmup", defaultValue = "10s", converter = DurationConverter.class,
      description = "Unmeasured load before each measurement (default: ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(names = "--timeout", defaultValue = "10s", converter = DurationConverter.class,
      description = "A request with no answer for this long counts as failed (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--client-threads", defaultValue = "0",
      description = "Event loops of the load generator; 0: one per core (default: ${DEFAULT-VALUE}).")
  int clientThreads;

  @Option(names = "--gzip", description = "Send Accept-Encoding: gzip, as browsers do (the hub then compresses "
      + "every answer).")
  boolean gzip;

  public LoadSettings settings() {
    int threads = clientThreads > 0 ? clientThreads : Runtime.getRuntime().availableProcessors();
    return new LoadSettings(connections, warmup, duration, timeout, threads, gzip);
  }
}
