package org.relais.hub.staff;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * The two cookies of a browser's staff session: the session's secret, which scripts cannot read, and its CSRF
 * token, which the pages' scripts read to send back in {@value #CSRF_HEADER} (forms carry it in a hidden field).
 * A cross-site page can make the browser send the first but can read neither.
 */
public final class StaffCookies {
  public static final String SESSION = "relais_staff";
  public static final String CSRF = "relais_csrf";
  public static final String CSRF_HEADER = "X-CSRF-Token";
  public static final String CSRF_FIELD = "csrf";

  private final boolean secure;

  /** {@code secure}: the hub's public address is https, so the cookies never travel in clear. */
  public StaffCookies(boolean secure) {
    this.secure = secure;
  }

  public void set(RoutingContext ctx, StaffSessions.Opened opened) {
    ctx.response().addCookie(cookie(SESSION, opened.secret()).setHttpOnly(true))
        .addCookie(cookie(CSRF, opened.csrfToken()));
  }

  public void clear(RoutingContext ctx) {
    ctx.response().addCookie(cookie(SESSION, "").setHttpOnly(true).setMaxAge(0))
        .addCookie(cookie(CSRF, "").setMaxAge(0));
  }

  private Cookie cookie(String name, String value) {
    return Cookie.cookie(name, value).setPath("/").setSameSite(CookieSameSite.LAX).setSecure(secure);
  }

  public static Optional<String> secret(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(SESSION);
    return cookie == null || cookie.getValue().isEmpty() ? Optional.empty() : Optional.of(cookie.getValue());
  }

  /** Reads, HEADs and OPTIONS change nothing: everything else must carry the session's token. */
  public static boolean changesState(RoutingContext ctx) {
    HttpMethod method = ctx.request().method();
    return !(method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS);
  }
}
