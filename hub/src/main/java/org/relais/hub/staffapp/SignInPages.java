package org.relais.hub.staffapp;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.relais.hub.http.ClientAddress;
import org.relais.hub.http.ProblemException;
import org.relais.hub.staff.StaffCookies;
import org.relais.hub.staff.StaffSessions;
import org.relais.hub.staff.StaffSignIn;

/**
 * {@code /staff/login} and {@code /staff/logout}. Signing in opens a new session (never one the browser
 * brought), under the same limits as the API's sign-in; the sign-in form carries a token of its own, so a
 * page elsewhere cannot sign a browser into an account it chose. Signing out ends the session for every node.
 */
public final class SignInPages {
  private static final String LOGIN_COOKIE = "relais_login";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final StaffPages pages;
  private final StaffSignIn signIn;
  private final StaffSessions sessions;
  private final StaffCookies cookies;
  private final ClientAddress clientAddress;

  public SignInPages(StaffPages pages, StaffSignIn signIn, StaffSessions sessions, StaffCookies cookies,
      ClientAddress clientAddress) {
    this.pages = pages;
    this.signIn = signIn;
    this.sessions = sessions;
    this.cookies = cookies;
    this.clientAddress = clientAddress;
  }

  /** The pages open to anyone. */
  void mount(Router staff) {
    staff.get("/login").handler(this::loginPage);
    staff.post("/login").handler(this::login);
  }

  /** The pages for the signed-in. */
  void mountSignedIn(Router staff) {
    staff.post("/logout").handler(this::logout);
  }

  private void loginPage(RoutingContext ctx) {
    sessions.find(StaffCookies.secret(ctx).orElse(null)).onSuccess(found -> {
      if (found.isPresent()) {
        StaffPages.redirect(ctx, safeNext(ctx.request().getParam("next")), null);
      } else {
        renderForm(ctx, 200, "", Map.of());
      }
    }).onFailure(ctx::fail);
  }

  private void renderForm(RoutingContext ctx, int status, String email, Map<String, String> errors) {
    byte[] raw = new byte[24];
    RANDOM.nextBytes(raw);
    String formToken = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    ctx.response().addCookie(Cookie.cookie(LOGIN_COOKIE, formToken).setPath("/staff/login").setHttpOnly(true)
        .setSameSite(CookieSameSite.STRICT));
    Map<String, Object> model = new HashMap<>();
    model.put("formToken", formToken);
    model.put("email", email);
    model.put("next", safeNext(ctx.request().getParam("next")));
    model.put("errors", errors);
    pages.render(ctx, status, "staff-login", model).onFailure(ctx::fail);
  }

  private void login(RoutingContext ctx) {
    String email = ctx.request().getFormAttribute("email");
    String password = ctx.request().getFormAttribute("password");
    String shown = email == null ? "" : email.strip();
    Cookie formCookie = ctx.request().getCookie(LOGIN_COOKIE);
    if (formCookie == null
        || !StaffSessions.sameToken(formCookie.getValue(), ctx.request().getFormAttribute("formToken"))) {
      renderForm(ctx, 403, shown, Map.of("form", pages.text(ctx, "staff_login_expired")));
      return;
    }
    Map<String, String> missing = new HashMap<>();
    if (shown.isEmpty()) {
      missing.put("email", pages.text(ctx, "staff_login_email_missing"));
    }
    if (password == null || password.isEmpty()) {
      missing.put("password", pages.text(ctx, "staff_login_password_missing"));
    }
    if (!missing.isEmpty()) {
      renderForm(ctx, 422, shown, missing);
      return;
    }
    signIn.verify(shown, password, clientAddress.of(ctx))
        .compose(member -> sessions.open(member.id()).map(opened -> {
          cookies.set(ctx, opened);
          ctx.response().addCookie(Cookie.cookie(LOGIN_COOKIE, "").setPath("/staff/login").setMaxAge(0));
          String next = safeNext(ctx.request().getFormAttribute("next"));
          return next.equals("/staff") ? StaffNav.homeOf(member.role()) : next;
        }))
        .onSuccess(next -> StaffPages.redirect(ctx, next, null))
        .onFailure(failure -> {
          if (failure instanceof ProblemException problem && problem.problem().status() == 401) {
            renderForm(ctx, 401, shown, Map.of("password", pages.text(ctx, "staff_login_wrong")));
          } else if (failure instanceof ProblemException problem && problem.problem().status() == 429) {
            ctx.response().putHeader(HttpHeaders.RETRY_AFTER,
                String.valueOf(problem.problem().extensions().get("retryAfter")));
            renderForm(ctx, 429, shown, Map.of("form", pages.text(ctx, "staff_login_too_many")));
          } else if (failure instanceof ProblemException problem && problem.problem().status() == 503) {
            renderForm(ctx, 503, shown, Map.of("form", pages.text(ctx, "staff_login_busy")));
          } else {
            ctx.fail(failure);
          }
        });
  }

  private void logout(RoutingContext ctx) {
    sessions.end(StaffCookies.secret(ctx).orElse(null)).onSuccess(done -> {
      cookies.clear(ctx);
      StaffPages.redirect(ctx, "/staff/login", "signed_out");
    }).onFailure(ctx::fail);
  }

  /** Only a path of this hub's staff app, so the form cannot send anyone elsewhere. */
  static String safeNext(String next) {
    if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\")
        || next.length() > 500) {
      return "/staff";
    }
    return next.startsWith("/staff") || next.startsWith("/console/") || next.startsWith("/help-calls/")
        ? next : "/staff";
  }
}
