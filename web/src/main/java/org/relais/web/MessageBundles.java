package org.relais.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** The page texts of every language the pages speak, read from {@code i18n/messages_xx.properties}. */
public final class MessageBundles {
  public static final List<String> LANGUAGES = List.of("fr", "en");

  private MessageBundles() {}

  /** The texts of {@code language}, by key. */
  public static Map<String, String> load(String language) {
    String resource = "/i18n/messages_" + language + ".properties";
    try (InputStream in = MessageBundles.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing " + resource);
      }
      Properties properties = new Properties();
      properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      Map<String, String> texts = new TreeMap<>();
      properties.stringPropertyNames().forEach(key -> texts.put(key, properties.getProperty(key)));
      return Map.copyOf(texts);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
