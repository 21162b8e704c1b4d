package org.relais.hub.pages;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** The page texts in each language the public pages speak, from {@code i18n/messages_xx.properties}. */
public final class Messages {
  public static final List<String> LANGUAGES = List.of("fr", "en");

  private final Map<String, Map<String, String>> byLanguage = new TreeMap<>();

  public Messages() {
    for (String language : LANGUAGES) {
      byLanguage.put(language, load(language));
    }
    if (!byLanguage.get("fr").keySet().equals(byLanguage.get("en").keySet())) {
      throw new IllegalStateException("fr and en page texts do not have the same keys");
    }
  }

  public Map<String, String> of(String language) {
    return byLanguage.get(language);
  }

  public String get(String language, String key) {
    String text = byLanguage.get(language).get(key);
    if (text == null) {
      throw new IllegalArgumentException("no page text " + key);
    }
    return text;
  }

  public static Locale locale(String language) {
    return Locale.forLanguageTag(language);
  }

  private static Map<String, String> load(String language) {
    String resource = "/i18n/messages_" + language + ".properties";
    try (InputStream in = Messages.class.getResourceAsStream(resource)) {
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
