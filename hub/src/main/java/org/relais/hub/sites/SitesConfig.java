package org.relais.hub.sites;

import java.time.Duration;
import org.relais.hub.config.ConfigException;
import org.relais.hub.config.ConfigValues;

/** Relay-site links: how often relays say they are alive, and how far ahead they get their schedule. */
public record SitesConfig(Duration heartbeatInterval, Duration scheduleHorizon) {

  public SitesConfig {
    if (heartbeatInterval.compareTo(Duration.ofSeconds(1)) < 0
        || heartbeatInterval.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new ConfigException("sites.heartbeatInterval", "must be from one second to five minutes");
    }
    if (scheduleHorizon.compareTo(Duration.ofDays(1)) < 0 || scheduleHorizon.compareTo(Duration.ofDays(31)) > 0) {
      throw new ConfigException("sites.scheduleHorizon", "must be from one to 31 days");
    }
  }

  /** A site silent this long is offline. */
  public Duration silenceLimit() {
    return heartbeatInterval.multipliedBy(3);
  }

  public static SitesConfig from(ConfigValues values) {
    return new SitesConfig(values.duration("sites.heartbeatInterval"), values.duration("sites.scheduleHorizon"));
  }
}
