package org.relais.hub.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Resolved configuration as strings, with typed readers that name the key in every error.
 * Keys missing from the defaults file do not exist: reading one is a programming error.
 */
public final class ConfigValues {
  private final Map<String, String> values;

  public ConfigValues(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  public String string(String key) {
    String value = values.get(key);
    if (value == null) {
      throw new IllegalArgumentException("no such configuration key: " + key);
    }
    return value.strip();
  }

  public Optional<String> optional(String key) {
    String value = string(key);
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  public int integer(String key, int min, int max) {
    String raw = string(key);
    try {
      int value = Integer.parseInt(raw);
      if (value < min || value > max) {
        throw new ConfigException(key, "must be between " + min + " and " + max + ", got " + value);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new ConfigException(key, "must be a whole number, got '" + raw + "'");
    }
  }

  public boolean bool(String key) {
    String raw = string(key).toLowerCase(Locale.ROOT);
    return switch (raw) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw new ConfigException(key, "must be true or false, got '" + raw + "'");
    };
  }

  public Duration duration(String key) {
    String raw = string(key);
    try {
      Duration value = Duration.parse(raw);
      if (value.isNegative() || value.isZero()) {
        throw new ConfigException(key, "must be a positive duration, got " + raw);
      }
      return value;
    } catch (DateTimeParseException e) {
      throw new ConfigException(key, "must be an ISO-8601 duration such as PT8H, got '" + raw + "'");
    }
  }

  public ZoneId zone(String key) {
    String raw = string(key);
    try {
      return ZoneId.of(raw);
    } catch (DateTimeException e) {
      throw new ConfigException(key, "must be a time-zone id such as Europe/Paris, got '" + raw + "'");
    }
  }

  public Path path(String key) {
    String raw = string(key);
    if (raw.isEmpty()) {
      throw new ConfigException(key, "must not be empty");
    }
    return Path.of(raw);
  }

  public Optional<URI> httpUrl(String key) {
    Optional<String> raw = optional(key);
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(raw.get());
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
        throw new ConfigException(key, "must be an http(s) URL, got '" + raw.get() + "'");
      }
      return Optional.of(uri);
    } catch (URISyntaxException e) {
      throw new ConfigException(key, "must be an http(s) URL, got '" + raw.get() + "'");
    }
  }

  public List<String> list(String key) {
    String raw = string(key);
    if (raw.isEmpty()) {
      return List.of();
    }
    return Arrays.stream(raw.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }
}
