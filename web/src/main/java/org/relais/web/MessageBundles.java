package org.relais.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The page texts of every language the pages speak, read from {@code i18n/<bundle>_xx.properties}: the public
 * pages' bundle and one per part of the staff app. A key belongs to one bundle only.
 *
 * <p>Every bundle is written in {@link #STAFF_LANGUAGES} (French and English) with the same keys. The bundles a
 * family or a visitor reads, {@link #FAMILY_BUNDLES}, are also written in every other language of
 * {@link #LANGUAGES} (Arabic), again with the same keys. A bundle added here is a staff bundle unless it is
 * named in {@link #FAMILY_BUNDLES} too; {@code MessageBundlesParityTest} holds every bundle to this rule.
 */
public final class MessageBundles {
  /** Every language a page may speak, the default first; a family's registration stores one of these. */
  public static final List<String> LANGUAGES = List.of("fr", "en", "ar");
  /** The languages of the staff's pages and of every bundle. */
  public static final List<String> STAFF_LANGUAGES = List.of("fr", "en");
  /** Languages written right to left: their pages carry {@code dir="rtl"}. */
  public static final Set<String> RIGHT_TO_LEFT = Set.of("ar");
  public static final List<String> BUNDLES = List.of("messages", "staff", "staff-network", "staff-classes",
      "staff-registrations", "staff-centres", "staff-accounts", "staff-rooms", "links", "staff-households",
      "privacy", "notices", "staff-sms", "staff-messages", "staff-reports", "staff-sittings",
      "broadcast-room", "broadcast", "staff-broadcast", "staff-privacy");
  /** The bundles of the pages, messages and kiosk screens a family or a visitor meets: written in every language. */
  public static final Set<String> FAMILY_BUNDLES = Set.of("messages", "links", "privacy", "notices",
      "broadcast-room", "broadcast");

  private MessageBundles() {}

  /** The languages {@code bundle} is written in. */
  public static List<String> languagesOf(String bundle) {
    return FAMILY_BUNDLES.contains(bundle) ? LANGUAGES : STAFF_LANGUAGES;
  }

  /**
   * The texts of {@code language}, by key. A staff bundle asked for in a family-only language gives its French
   * texts: the staff's pages never render in that language, but a key stays defined everywhere.
   */
  public static Map<String, String> load(String language) {
    Map<String, String> texts = new TreeMap<>();
    for (String bundle : BUNDLES) {
      String written = languagesOf(bundle).contains(language) ? language : LANGUAGES.get(0);
      bundle(bundle, written).forEach((key, text) -> {
        if (texts.put(key, text) != null) {
          throw new IllegalStateException("page text " + key + " is in two bundles");
        }
      });
    }
    return Map.copyOf(texts);
  }

  /**
   * The language to speak among {@code offered}: the one {@code asked} for ({@code ?lang=}), else the one
   * {@code remembered} (a cookie), else the first of the browser's {@code accepted} primary tags, in its order
   * of preference (Accept-Language), else {@code fallback} if offered, else the first offered.
   */
  public static String choose(String asked, String remembered, List<String> accepted, List<String> offered,
      String fallback) {
    if (asked != null && offered.contains(asked)) {
      return asked;
    }
    if (remembered != null && offered.contains(remembered)) {
      return remembered;
    }
    return accepted.stream().filter(offered::contains).findFirst()
        .orElse(offered.contains(fallback) ? fallback : offered.get(0));
  }

  /** {@code rtl} for a language written right to left, else {@code ltr}: a page's {@code dir}. */
  public static String direction(String language) {
    return RIGHT_TO_LEFT.contains(language) ? "rtl" : "ltr";
  }

  /** A language's own name, as its readers write it (Français, English, العربية): the language switch's label. */
  public static String nameOf(String language) {
    Locale own = Locale.forLanguageTag(language);
    String name = own.getDisplayLanguage(own);
    return name.substring(0, 1).toUpperCase(own) + name.substring(1);
  }

  /** The texts of one bundle in one language, by key. */
  public static Map<String, String> bundle(String bundle, String language) {
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
