package org.relais.hub.pages;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.LanguageHeader;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.templ.pebble.PebbleTemplateEngine;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.UUID;
import org.relais.web.MessageBundles;

/**
 * Server-rendered pages: Pebble templates (auto-escaped), the page texts in the visitor's language
 * (a {@code ?lang=} switch remembered in a cookie, else the browser's Accept-Language, else the default),
 * and the security headers every page carries.
 */
public final class Pages {
  static final String LANG_COOKIE = "lang";
  private static final String PREFERRED = "relais.preferredLanguage";
  private static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; "
      + "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  private final PebbleTemplateEngine engine;
  private final Messages messages;
  private final String defaultLanguage;

  public Pages(Vertx vertx, Messages messages, String defaultLanguage) {
    this.engine = PebbleTemplateEngine.create(vertx);
    this.messages = messages;
    this.defaultLanguage = defaultLanguage;
  }

  /**
   * The id in path parameter {@code name}, or none after passing the request on: a page path whose id is
   * malformed is an unknown page, not a bad request.
   */
  public static Optional<UUID> idOrNext(RoutingContext ctx, String name) {
    try {
      return Optional.of(UUID.fromString(ctx.pathParam(name)));
    } catch (IllegalArgumentException | NullPointerException e) {
      ctx.next();
      return Optional.empty();
    }
  }

  public Messages messages() {
    return messages;
  }

  /** The language to answer a family or a visitor in; a valid {@code ?lang=} is remembered for the next pages. */
  public String language(RoutingContext ctx) {
    return language(ctx, Messages.LANGUAGES);
  }

  /**
   * The language to answer in among {@code offered} (the default first): {@code ?lang=} (then remembered in a
   * cookie), else the remembered one, else the browser's Accept-Language, else the default.
   */
  public String language(RoutingContext ctx, List<String> offered) {
    String asked = ctx.request().getParam("lang");
    if (asked != null && offered.contains(asked)) {
      ctx.response().addCookie(Cookie.cookie(LANG_COOKIE, asked).setPath("/").setMaxAge(365L * 24 * 3600)
          .setSameSite(CookieSameSite.LAX).setHttpOnly(true));
    }
    Cookie remembered = ctx.request().getCookie(LANG_COOKIE);
    List<String> acceptable = new ArrayList<>();
    Optional.ofNullable(ctx.<String>get(PREFERRED)).ifPresent(acceptable::add);
    ctx.acceptableLanguages().forEach(header -> acceptable.add(header.tag()));
    return MessageBundles.choose(asked, remembered == null ? null : remembered.getValue(), acceptable, offered,
        defaultLanguage);
  }

  /**
   * The language this page's reader chose elsewhere (a family's registration): it comes before the browser's,
   * after a language picked on the page itself.
   */
  public static void prefer(RoutingContext ctx, String language) {
    ctx.put(PREFERRED, language);
  }

  /** Renders {@code templates/<name>.peb} with the model, the page texts and the language switch. */
  public Future<Void> render(RoutingContext ctx, int status, String name, Map<String, Object> model) {
    return render(ctx, status, name, model, null);
  }

  /**
   * Like {@link #render(RoutingContext, int, String, Map)} for a page that embeds a video service: its
   * origin ({@code https://meet.example.org}) may then serve scripts and frames.
   */
  public Future<Void> render(RoutingContext ctx, int status, String name, Map<String, Object> model,
      String embeddedOrigin) {
    return render(ctx, status, name, model, embeddedOrigin, Messages.LANGUAGES);
  }

  /**
   * Like {@link #render(RoutingContext, int, String, Map)} for a page that plays a live stream through Media Source
   * Extensions (a broadcast's player): its video element may then read {@code blob:} addresses.
   */
  public Future<Void> renderWithMediaSource(RoutingContext ctx, int status, String name, Map<String, Object> model) {
    return renderWithPolicy(ctx, status, name, model, CSP + "; media-src 'self' blob:", Messages.LANGUAGES);
  }

  /**
   * Renders a page that speaks only the {@code offered} languages (the staff's pages): its {@code lang},
   * {@code dir}, texts and language switch.
   */
  public Future<Void> render(RoutingContext ctx, int status, String name, Map<String, Object> model,
      String embeddedOrigin, List<String> offered) {
    String csp = embeddedOrigin == null ? CSP
        : CSP.replace("script-src 'self'", "script-src 'self' " + embeddedOrigin) + "; frame-src " + embeddedOrigin;
    return renderWithPolicy(ctx, status, name, model, csp, offered);
  }

  private Future<Void> renderWithPolicy(RoutingContext ctx, int status, String name, Map<String, Object> model,
      String csp, List<String> offered) {
    String language = language(ctx, offered);
    Map<String, Object> context = new HashMap<>(model);
    context.put("lang", language);
    context.put("dir", MessageBundles.direction(language));
    context.put("t", messages.of(language));
    context.put("otherLanguages", offered.stream().filter(other -> !other.equals(language))
        .map(other -> Map.of("code", other, "name", MessageBundles.nameOf(other), "href", switchHref(ctx, other)))
        .toList());
    if (!ctx.response().headers().contains(HttpHeaders.CACHE_CONTROL)) {
      ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
    }
    return engine.render(context, "templates/" + name + ".peb").compose(html -> ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
        .putHeader(HttpHeaders.CONTENT_LANGUAGE, language)
        .putHeader(HttpHeaders.VARY, "Accept-Language, Cookie")
        .putHeader("Content-Security-Policy", csp)
        .end(html));
  }

  /** The current page in the other language, keeping its query. */
  private static String switchHref(RoutingContext ctx, String otherLanguage) {
    MultiMap params = ctx.queryParams();
    StringJoiner query = new StringJoiner("&", "?", "");
    params.forEach((key, value) -> {
      if (!key.equals("lang")) {
        query.add(encode(key) + "=" + encode(value));
      }
    });
    query.add("lang=" + otherLanguage);
    return ctx.request().path() + query;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
