package org.relais.hub.http;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.relais.hub.config.ConfigException;
import org.relais.hub.config.ConfigValues;

/**
 * Where and how the hub listens; {@code trustedProxies} are the reverse proxies whose X-Forwarded-For is
 * believed (see {@link ClientAddress}); {@code stopGrace} is how long a stopping hub lets requests under way finish.
 */
public record HttpConfig(String host, int port, Optional<URI> publicUrl, int instances, int maxBodyBytes,
    List<IpRange> trustedProxies, Duration stopGrace) {

  /** The service unit's TimeoutStopSec leaves room for this and the rest of the stop. */
  public static final Duration MAX_STOP_GRACE = Duration.ofSeconds(60);

  public HttpConfig {
    if (host == null || host.isBlank()) {
      throw new ConfigException("http.host", "must not be empty");
    }
    if (port < 0 || port > 65535) {
      throw new ConfigException("http.port", "must be between 0 and 65535, got " + port);
    }
    if (instances < 0) {
      throw new ConfigException("http.instances", "must be 0 or more");
    }
    if (maxBodyBytes < 1024) {
      throw new ConfigException("http.maxBodyBytes", "must be at least 1024");
    }
    trustedProxies = List.copyOf(trustedProxies);
    if (stopGrace.isNegative() || stopGrace.compareTo(MAX_STOP_GRACE) > 0) {
      throw new ConfigException("http.stopGrace", "must be at most " + MAX_STOP_GRACE + ", got " + stopGrace);
    }
  }

  public static HttpConfig from(ConfigValues values) {
    return new HttpConfig(
        values.string("http.host"),
        values.integer("http.port", 0, 65535),
        values.httpUrl("http.publicUrl"),
        values.integer("http.instances", 0, 64),
        values.integer("http.maxBodyBytes", 1024, 16 * 1024 * 1024),
        trustedProxies(values),
        values.duration("http.stopGrace"));
  }

  private static List<IpRange> trustedProxies(ConfigValues values) {
    return values.list("http.trustedProxies").stream()
        .map(entry -> IpRange.parse(entry).orElseThrow(() -> new ConfigException("http.trustedProxies",
            "'" + entry + "' is not an IP address or CIDR block (such as 10.0.0.0/8 or fd00::/8)")))
        .toList();
  }

  public int effectiveInstances() {
    return instances == 0 ? Math.max(1, Runtime.getRuntime().availableProcessors()) : instances;
  }
}
