package org.relais.hub.http;

import java.util.Optional;
import org.relais.hub.config.ConfigException;
import org.relais.hub.config.ConfigValues;

/** Who may read {@code /metrics}: a scraper sending this bearer token; nobody when there is none. */
public record MetricsConfig(Optional<String> bearerToken) {

  public MetricsConfig {
    if (bearerToken.isPresent() && bearerToken.get().length() < 32) {
      throw new ConfigException("metrics.bearerToken", "must be at least 32 characters");
    }
  }

  public static MetricsConfig from(ConfigValues values) {
    return new MetricsConfig(values.optional("metrics.bearerToken"));
  }
}
