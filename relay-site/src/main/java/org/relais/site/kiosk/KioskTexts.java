package org.relais.site.kiosk;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.LanguageHeader;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import org.relais.web.MessageBundles;

/** The kiosk's page texts, from the same bundles as the hub's pages ({@code i18n/messages_xx.properties}). */
final class KioskTexts {
  static final List<String> LANGUAGES = MessageBundles.LANGUAGES;
  private static final String LANG_COOKIE = "lang";

  private final Map<String, Map<String, String>> byLanguage = new TreeMap<>();

  KioskTexts() {
    LANGUAGES.forEach(language -> byLanguage.put(language, MessageBundles.load(language)));
  }

  /**
   * The language asked with {@code ?lang=} (then remembered in a cookie for the visitor's next pages), else the
   * remembered one, else the browser's if the kiosk speaks it, else French.
   */
  String language(RoutingContext ctx) {
    String asked = ctx.request().getParam("lang");
    if (asked != null && LANGUAGES.contains(asked)) {
      ctx.response().addCookie(Cookie.cookie(LANG_COOKIE, asked).setPath("/").setMaxAge(365L * 24 * 3600)
          .setSameSite(CookieSameSite.LAX).setHttpOnly(true));
    }
    Cookie remembered = ctx.request().getCookie(LANG_COOKIE);
    return MessageBundles.choose(asked, remembered == null ? null : remembered.getValue(),
        ctx.acceptableLanguages().stream().map(LanguageHeader::tag).toList(), LANGUAGES, LANGUAGES.get(0));
  }

  Map<String, String> of(String language) {
    return byLanguage.get(language);
  }

  /** The other languages, each with its own name and the current page's address in it. */
  List<Map<String, String>> others(RoutingContext ctx, String language) {
    return LANGUAGES.stream().filter(other -> !other.equals(language))
        .map(other -> Map.<String, String>of("code", other, "name", MessageBundles.nameOf(other),
            "href", ctx.request().path() + "?" + queryWith(ctx, other)))
        .toList();
  }

  /** The page's query (a visitor's seat) with {@code lang} set to {@code language}. */
  private static String queryWith(RoutingContext ctx, String language) {
    StringJoiner query = new StringJoiner("&");
    ctx.queryParams().forEach((key, value) -> {
      if (!key.equals("lang")) {
        query.add(URLEncoder.encode(key, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
      }
    });
    return query.add("lang=" + language).toString();
  }

  String get(RoutingContext ctx, String key) {
    String text = of(language(ctx)).get(key);
    if (text == null) {
      throw new IllegalArgumentException("no page text " + key);
    }
    return text;
  }

}
