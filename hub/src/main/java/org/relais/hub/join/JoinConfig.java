package org.relais.hub.join;

import java.time.Duration;
import org.relais.hub.config.ConfigException;
import org.relais.hub.config.ConfigValues;

/** Limits and key rotation of join links. */
public record JoinConfig(int requestsPerMinutePerAddress, Duration keyRotation) {

  public JoinConfig {
    if (keyRotation.compareTo(Duration.ofHours(1)) < 0) {
      throw new ConfigException("join.keyRotation", "must be at least one hour");
    }
  }

  public static JoinConfig from(ConfigValues values) {
    return new JoinConfig(values.integer("join.requestsPerMinutePerAddress", 1, 1_000_000),
        values.duration("join.keyRotation"));
  }
}
