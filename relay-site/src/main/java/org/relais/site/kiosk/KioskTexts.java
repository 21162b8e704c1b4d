package org.relais.site.kiosk;

import io.vertx.ext.web.LanguageHeader;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** The kiosk's page texts, from the same bundles as the hub's pages ({@code i18n/messages_xx.properties}). */
final class KioskTexts {
  static final List<String> LANGUAGES = List.of("fr", "en");

  private final Map<String, Map<String, String>> byLanguage = new TreeMap<>();

  KioskTexts() {
    LANGUAGES.forEach(language -> byLanguage.put(language, load(language)));
  }

  /** The browser's language if the kiosk speaks it, else French. */
  String language(RoutingContext ctx) {
    for (LanguageHeader accepted : ctx.acceptableLanguages()) {
      if (LANGUAGES.contains(accepted.tag())) {
        return accepted.tag();
      }
    }
    return LANGUAGES.get(0);
  }

  Map<String, String> of(String language) {
    return byLanguage.get(language);
  }

  String get(RoutingContext ctx, String key) {
    String text = of(language(ctx)).get(key);
    if (text == null) {
      throw new IllegalArgumentException("no page text " + key);
    }
    return text;
  }

  private static Map<String, String> load(String language) {
    String resource = "/i18n/messages_" + language + ".properties";
    try (InputStream in = KioskTexts.class.getResourceAsStream(resource)) {
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
