package org.relais.site.broadcast;

import java.time.Duration;

/**
 * How the relay pulls a broadcast: how many megabytes of segments it keeps in memory for its LAN, and the
 * longest pause between two tries when the hub does not answer.
 */
public record BroadcastRelayConfig(int cacheMegabytes, Duration retryCap) {
  public static final BroadcastRelayConfig DEFAULTS = new BroadcastRelayConfig(64, Duration.ofSeconds(5));

  public BroadcastRelayConfig {
    if (cacheMegabytes < 4 || cacheMegabytes > 4096) {
      throw new IllegalArgumentException("broadcast.cacheMegabytes must be from 4 to 4096");
    }
    if (retryCap == null || retryCap.toMillis() < 500 || retryCap.toSeconds() > 300) {
      throw new IllegalArgumentException("broadcast.retryCap must be from PT0.5S to PT5M");
    }
  }

  long cacheBytes() {
    return cacheMegabytes * 1024L * 1024L;
  }
}
