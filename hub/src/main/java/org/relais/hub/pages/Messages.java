package org.relais.hub.pages;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.relais.web.MessageBundles;

/** The page texts in each language the public pages speak, from {@code i18n/messages_xx.properties}. */
public final class Messages {
  public static final List<String> LANGUAGES = MessageBundles.LANGUAGES;

  private final Map<String, Map<String, String>> byLanguage = new TreeMap<>();

  public Messages() {
    for (String language : LANGUAGES) {
      byLanguage.put(language, MessageBundles.load(language));
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
}
