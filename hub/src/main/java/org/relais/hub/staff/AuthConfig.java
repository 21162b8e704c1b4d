package org.relais.hub.staff;

import java.time.Duration;
import java.util.Optional;
import org.relais.hub.config.ConfigException;
import org.relais.hub.config.ConfigValues;

/**
 * How staff sign in: token signing secret and lifetime, browser sessions' idle and absolute expiry, login rate limits (see {@link SignInLimits}), and how
 * many password hashes may run at once on one node.
 */
public record AuthConfig(Optional<String> tokenSecret, Duration tokenTtl, Duration sessionIdleTimeout,
    Duration sessionMaxAge, int loginsPerMinutePerAddress, int failuresPerMinutePerAccountAndAddress,
    int failuresPerMinutePerAccount, int maxConcurrentHashes) {

  public AuthConfig {
    if (tokenSecret.isPresent() && tokenSecret.get().length() < 32) {
      throw new ConfigException("auth.tokenSecret", "must be at least 32 characters");
    }
    if (tokenTtl.compareTo(Duration.ofDays(7)) > 0) {
      throw new ConfigException("auth.tokenTtl", "must be at most 7 days");
    }
    if (sessionIdleTimeout.compareTo(Duration.ofMinutes(1)) < 0 || sessionIdleTimeout.compareTo(sessionMaxAge) > 0) {
      throw new ConfigException("auth.sessionIdleTimeout", "must be at least a minute and at most auth.sessionMaxAge");
    }
    if (sessionMaxAge.compareTo(Duration.ofDays(7)) > 0) {
      throw new ConfigException("auth.sessionMaxAge", "must be at most 7 days");
    }
  }

  public static AuthConfig from(ConfigValues values) {
    return new AuthConfig(
        values.optional("auth.tokenSecret"),
        values.duration("auth.tokenTtl"),
        values.duration("auth.sessionIdleTimeout"),
        values.duration("auth.sessionMaxAge"),
        values.integer("auth.loginsPerMinutePerAddress", 1, 100_000),
        values.integer("auth.failuresPerMinutePerAccountAndAddress", 1, 1000),
        values.integer("auth.failuresPerMinutePerAccount", 1, 100_000),
        values.integer("auth.maxConcurrentHashes", 1, 64));
  }
}
