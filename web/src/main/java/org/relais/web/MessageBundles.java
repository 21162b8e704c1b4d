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

/**
 * The page texts of every language the pages speak, read from {@code i18n/<bundle>_xx.properties}: the public
 * pages' bundle and one per part of the staff app. A key belongs to one bundle only.
 */
public final class MessageBundles {
  public static final List<String> LANGUAGES = List.of("fr", "en");
  public static final List<String> BUNDLES = List.of("messages", "staff", "staff-network", "staff-classes",
      "staff-registrations", "staff-centres", "staff-accounts", "staff-rooms", "staff-reports");

  private MessageBundles() {}

  /** The texts of {@code language}, by key. */
  public static Map<String, String> load(String language) {
    Map<String, String> texts = new TreeMap<>();
    for (String bundle : BUNDLES) {
      load(bundle, language).forEach((key, text) -> {
        if (texts.put(key, text) != null) {
          throw new IllegalStateException("page text " + key + " is in two bundles");
        }
      });
    }
    return Map.copyOf(texts);
  }

  private static Map<String, String> load(String bundle, String language) {
    String resource = "/i18n/" + bundle + "_" + language + ".properties";
    try (InputStream in = MessageBundles.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing " + resource);
      }
      Properties properties = new Properties();
      properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      Map<String, String> texts = new TreeMap<>();
      properties.stringPropertyNames().forEach(key -> texts.put(key, properties.getProperty(key)));
      return texts;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
