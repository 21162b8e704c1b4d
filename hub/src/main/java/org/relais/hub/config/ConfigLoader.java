package org.relais.hub.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Resolves configuration in three layers: the commented defaults file on the classpath, an optional
 * config file, then environment variables. Every key has one environment name, derived by one rule:
 * {@code RELAIS_} followed by the key with dots and camel-case humps turned into underscores, upper
 * case ({@code jitsi.appSecret} is {@code RELAIS_JITSI_APP_SECRET}).
 */
public final class ConfigLoader {
  public static final String DEFAULTS_RESOURCE = "/org/relais/hub/config/defaults.properties";
  private static final Pattern CAMEL_HUMP = Pattern.compile("([a-z0-9])([A-Z])");

  private ConfigLoader() {}

  public static String envName(String key) {
    return "RELAIS_" + CAMEL_HUMP.matcher(key).replaceAll("$1_$2").replace('.', '_').toUpperCase();
  }

  /** Reads the defaults, then {@code configFile} if given, then the environment. */
  public static ConfigValues load(Path configFile, Map<String, String> env) {
    Map<String, String> file = configFile == null ? Map.of() : readFile(configFile);
    return resolve(file, env);
  }

  public static ConfigValues resolve(Map<String, String> fileValues, Map<String, String> env) {
    Map<String, String> values = defaults();
    fileValues.forEach((key, value) -> {
      if (!values.containsKey(key)) {
        throw new ConfigException(key, "unknown configuration key");
      }
      values.put(key, value);
    });
    for (String key : values.keySet()) {
      String fromEnv = env.get(envName(key));
      if (fromEnv != null) {
        values.put(key, fromEnv);
      }
    }
    return new ConfigValues(values);
  }

  static Map<String, String> defaults() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("defaults file missing from the classpath: " + DEFAULTS_RESOURCE);
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, String> readFile(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new ConfigException("config", "cannot read " + file + ": " + e.getMessage());
    }
  }

  private static Map<String, String> parse(String text) {
    Properties properties = new Properties();
    try (Reader reader = new StringReader(text)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> map = new LinkedHashMap<>();
    properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
    return map;
  }
}
