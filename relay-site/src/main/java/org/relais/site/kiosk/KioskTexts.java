package org.relais.site.kiosk;

import io.vertx.ext.web.LanguageHeader;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.relais.web.MessageBundles;

/** The kiosk's page texts, from the same bundles as the hub's pages ({@code i18n/messages_xx.properties}). */
final class KioskTexts {
  static final List<String> LANGUAGES = MessageBundles.LANGUAGES;

  private final Map<String, Map<String, String>> byLanguage = new TreeMap<>();

  KioskTexts() {
    LANGUAGES.forEach(language -> byLanguage.put(language, MessageBundles.load(language)));
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

}
