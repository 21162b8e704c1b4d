package org.relais.hub.staff;

import java.time.Duration;
import java.util.Optional;
import org.relais.hub.config.ConfigException;
import org.relais.hub.config.ConfigValues;

/** How staff sign in: token signing secret and lifetime, login rate limits. */
public record AuthConfig(Optional<String> tokenSecret, Duration tokenTtl, int loginsPerMinutePerAccount,
    int loginsPerMinutePerAddress) {

  public AuthConfig {
    if (tokenSecret.isPresent() && tokenSecret.get().length() < 32) {
      throw new ConfigException("auth.tokenSecret", "must be at least 32 characters");
    }
    if (tokenTtl.compareTo(Duration.ofDays(7)) > 0) {
      throw new ConfigException("auth.tokenTtl", "must be at most 7 days");
    }
  }

  public static AuthConfig from(ConfigValues values) {
    return new AuthConfig(
        values.optional("auth.tokenSecret"),
        values.duration("auth.tokenTtl"),
        values.integer("auth.loginsPerMinutePerAccount", 1, 1000),
        values.integer("auth.loginsPerMinutePerAddress", 1, 100_000));
  }
}
