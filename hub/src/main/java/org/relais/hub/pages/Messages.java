package org.relais.hub.pages;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.relais.web.MessageBundles;

/** The page texts in each language the public pages speak, from the bundles of {@link MessageBundles}. */
public final class Messages {
  public static final List<String> LANGUAGES = MessageBundles.LANGUAGES;

  private final Map<String, Map<String, String>> byLanguage = new TreeMap<>();

  public Messages() {
    for (String language : LANGUAGES) {
      byLanguage.put(language, MessageBundles.load(language));
    }
    for (String language : LANGUAGES) {
      if (!byLanguage.get(language).keySet().equals(byLanguage.get(LANGUAGES.get(0)).keySet())) {
        throw new IllegalStateException(language + " page texts do not have the same keys as the default's");
      }
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

  /**
   * The locale to format numbers, dates and times for {@code language}. Arabic keeps the Western digits
   * (0-9, "ar-u-nu-latn"): they are the digits of the Maghreb, where most of our Arabic-reading families come
   * from, and the digits of the phone numbers, postcodes and times they read everywhere else in France.
   */
  public static Locale locale(String language) {
    return "ar".equals(language) ? Locale.forLanguageTag("ar-u-nu-latn") : Locale.forLanguageTag(language);
  }
}
