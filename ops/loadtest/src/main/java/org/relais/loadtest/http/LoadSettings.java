package org.relais.loadtest.http;

import java.time.Duration;

/**
 * How hard and how long to load a route: {@code connections} each keep one request in flight; the
 * first {@code warmup} is not measured; {@code clientThreads} event loops drive the connections.
 */
public record LoadSettings(int connections, Duration warmup, Duration duration, Duration requestTimeout,
    int clientThreads, boolean gzip) {

  public LoadSettings {
    if (connections < 1) {
      throw new IllegalArgumentException("connections must be at least 1");
    }
    if (warmup.isNegative()) {
      throw new IllegalArgumentException("warmup must not be negative");
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be positive");
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("request timeout must be positive");
    }
    if (clientThreads < 1) {
      throw new IllegalArgumentException("client threads must be at least 1");
    }
  }
}
