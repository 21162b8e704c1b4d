package org.relais.hub.staffapp;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.relais.hub.staff.StaffAuthenticator;
import org.relais.hub.staff.StaffCookies;
import org.relais.hub.staff.StaffSessions;
import org.relais.protocol.Role;

/**
 * The staff app under {@code /staff}: sign-in and sign-out, then every other page behind the browser's
 * session. A request without a live session is sent to the sign-in page; every write (a form's POST) must
 * carry the session's CSRF token, or it is refused before any section sees it. Each feature mounts its pages
 * as a {@link Section}; the role rules stay in the services the sections call.
 */
public final class StaffArea {
  /** A feature's staff pages, mounted on the area's router with paths relative to {@code /staff}. */
  public interface Section {
    void mount(Router staff);
  }

  private final StaffPages pages;
  private final StaffSessions sessions;
  private final SignInPages signIn;
  private final int maxBodyBytes;

  public StaffArea(StaffPages pages, StaffSessions sessions, SignInPages signIn, int maxBodyBytes) {
    this.pages = pages;
    this.sessions = sessions;
    this.signIn = signIn;
    this.maxBodyBytes = maxBodyBytes;
  }

  public void mount(Vertx vertx, Router root, List<Section> sections) {
    Router staff = Router.router(vertx);
    BodyHandler forms = BodyHandler.create(false).setBodyLimit(maxBodyBytes);
    staff.route().handler(ctx -> {
      // Staff pages show personal data: never kept by a shared centre PC's browser cache.
      ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
      ctx.next();
    });
    staff.route().method(HttpMethod.POST).handler(forms);
    signIn.mount(staff);
    staff.route().handler(this::requireSession);
    staff.route().method(HttpMethod.POST).handler(StaffArea::requireCsrfToken);
    signIn.mountSignedIn(staff);
    // "/staff" reaches this router with an empty path, "/staff/" with "/": both are the staff app's home.
    staff.getWithRegex("/?").handler(StaffArea::homeOfRole);
    sections.forEach(section -> section.mount(staff));
    // Without it, a path only known for POST (the form and token handlers above) would answer 405.
    staff.route().handler(ctx -> ctx.fail(404));
    staff.route().failureHandler(pages::renderFailure);
    root.route("/staff/*").subRouter(staff);
  }

  private void requireSession(RoutingContext ctx) {
    sessions.find(StaffCookies.secret(ctx).orElse(null)).onSuccess(found -> {
      if (found.isEmpty()) {
        String back = ctx.request().method() == HttpMethod.GET ? ctx.request().uri() : "/staff";
        ctx.response().setStatusCode(303).putHeader(HttpHeaders.LOCATION,
            "/staff/login?next=" + URLEncoder.encode(back, StandardCharsets.UTF_8)).end();
        return;
      }
      found.get().principal().admit(ctx);
      StaffPages.signedIn(ctx, found.get());
      ctx.next();
    }).onFailure(ctx::fail);
  }

  private static void requireCsrfToken(RoutingContext ctx) {
    String sent = ctx.request().getFormAttribute(StaffCookies.CSRF_FIELD);
    if (sent == null) {
      sent = ctx.request().getHeader(StaffCookies.CSRF_HEADER);
    }
    if (!StaffSessions.sameToken(StaffPages.csrfToken(ctx), sent)) {
      ctx.fail(StaffAuthenticator.csrfRefused());
      return;
    }
    ctx.next();
  }

  /** {@code /staff} is the network at a glance for those who run it; the others start on their own page. */
  private static void homeOfRole(RoutingContext ctx) {
    Role role = StaffPages.principal(ctx).role();
    if (role == Role.ADMIN || role == Role.COORDINATOR) {
      ctx.next();
      return;
    }
    ctx.response().setStatusCode(303).putHeader(HttpHeaders.LOCATION, StaffNav.homeOf(role)).end();
  }
}
