package org.relais.site.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.relais.site.broadcast.BroadcastRelayConfig;
import org.relais.site.kiosk.KioskConfig;

/**
 * The relay-site's configuration: where it keeps its data (credential, journal, schedule), where its
 * kiosk listens, and how it relays a broadcast to its LAN. Defaults, then a properties file, then
 * {@code RELAIS_SITE_*} environment variables (the key upper-cased, dots as underscores); an unknown key or a bad value stops start-up naming it.
 */
public record SiteConfig(Path dataDir, KioskConfig kiosk, BroadcastRelayConfig broadcast) {
  static final Map<String, String> DEFAULTS = Map.of(
      "broadcast.cacheMegabytes", "64",
      "broadcast.retryCap", "PT5S",
      "data.dir", "./relay-data",
      "kiosk.host", "0.0.0.0",
      "kiosk.port", "8090",
      "kiosk.signInFor", "PT12H",
      "kiosk.signInsPerMinutePerAddress", "10",
      "kiosk.failuresPerMinutePerAccountAndAddress", "5",
      "kiosk.maxConcurrentHashes", "2");

  /** A configuration value that does not fit; names its key. */
  public static final class Invalid extends RuntimeException {
    public Invalid(String key, String problem) {
      super(key + ": " + problem);
    }
  }

  public static SiteConfig load(Path file, Map<String, String> environment) throws IOException {
    Map<String, String> values = new HashMap<>(DEFAULTS);
    if (file != null) {
      Properties properties = new Properties();
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        properties.load(reader);
      }
      for (String key : properties.stringPropertyNames()) {
        if (!DEFAULTS.containsKey(key)) {
          throw new Invalid(key, "unknown key in " + file + " (known: " + Set.copyOf(DEFAULTS.keySet()) + ")");
        }
        values.put(key, properties.getProperty(key).strip());
      }
    }
    for (String key : DEFAULTS.keySet()) {
      String variable = environmentVariable(key);
      if (environment.containsKey(variable)) {
        values.put(key, environment.get(variable).strip());
      }
    }
    return from(values);
  }

  /** Reads {@code values}; a key it lacks takes its default. */
  public static SiteConfig from(Map<String, String> given) {
    Map<String, String> values = new HashMap<>(DEFAULTS);
    values.putAll(given);
    Duration signIn;
    try {
      signIn = Duration.parse(values.get("kiosk.signInFor"));
    } catch (DateTimeParseException e) {
      throw new Invalid("kiosk.signInFor", "must be an ISO-8601 duration such as PT12H");
    }
    KioskConfig kiosk;
    try {
      kiosk = new KioskConfig(values.get("kiosk.host"),
          integer(values, "kiosk.port"), signIn, integer(values, "kiosk.signInsPerMinutePerAddress"),
          integer(values, "kiosk.failuresPerMinutePerAccountAndAddress"),
          integer(values, "kiosk.maxConcurrentHashes"));
    } catch (IllegalArgumentException e) {
      throw new Invalid("kiosk", e.getMessage());
    }
    Duration retryCap;
    try {
      retryCap = Duration.parse(values.get("broadcast.retryCap"));
    } catch (DateTimeParseException e) {
      throw new Invalid("broadcast.retryCap", "must be an ISO-8601 duration such as PT5S");
    }
    try {
      return new SiteConfig(Path.of(values.get("data.dir")), kiosk,
          new BroadcastRelayConfig(integer(values, "broadcast.cacheMegabytes"), retryCap));
    } catch (IllegalArgumentException e) {
      throw new Invalid("broadcast", e.getMessage());
    }
  }

  private static int integer(Map<String, String> values, String key) {
    try {
      return Integer.parseInt(values.get(key));
    } catch (NumberFormatException e) {
      throw new Invalid(key, "must be a whole number");
    }
  }

  /** {@code kiosk.signInFor} is read from {@code RELAIS_SITE_KIOSK_SIGN_IN_FOR}. */
  public static String environmentVariable(String key) {
    return "RELAIS_SITE_" + key.replaceAll("([a-z])([A-Z])", "$1_$2").replace('.', '_').toUpperCase(Locale.ROOT);
  }
}
