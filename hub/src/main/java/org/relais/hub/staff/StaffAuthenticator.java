package org.relais.hub.staff;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.relais.hub.http.Problem;
import org.relais.hub.http.ProblemException;

/**
 * Admits an API request from signed-in staff and puts the caller in the context: a script with a bearer
 * token, or a staff page's script with the browser's session cookie (then a write must also carry the session's
 * CSRF token in {@value StaffCookies#CSRF_HEADER}). 401 otherwise, 403 for a write without the right token.
 */
public final class StaffAuthenticator implements Handler<RoutingContext> {
  private static final String BEARER = "bearer ";

  private final StaffSignIn staff;
  private final StaffSessions sessions;

  public StaffAuthenticator(StaffSignIn staff, StaffSessions sessions) {
    this.staff = staff;
    this.sessions = sessions;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    Optional<String> cookie = StaffCookies.secret(ctx);
    if (header == null && cookie.isPresent()) {
      sessions.find(cookie.get()).map(found -> {
        StaffSessions.Current current = found.orElseThrow(ProblemException::unauthorized);
        if (StaffCookies.changesState(ctx)
            && !StaffSessions.sameToken(current.csrfToken(), ctx.request().getHeader(StaffCookies.CSRF_HEADER))) {
          throw csrfRefused();
        }
        return current.principal();
      }).onSuccess(principal -> admit(ctx, principal)).onFailure(ctx::fail);
      return;
    }
    if (header == null || header.length() <= BEARER.length()
        || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      ctx.fail(ProblemException.unauthorized());
      return;
    }
    staff.authenticate(header.substring(BEARER.length()).strip())
        .onSuccess(principal -> admit(ctx, principal))
        .onFailure(ctx::fail);
  }

  private static void admit(RoutingContext ctx, StaffPrincipal principal) {
    principal.admit(ctx);
    ctx.next();
  }

  public static ProblemException csrfRefused() {
    return new ProblemException(new Problem("csrf-token", "Missing or wrong CSRF token", 403,
        "Send the session's token in " + StaffCookies.CSRF_HEADER, StaffCookies.CSRF_HEADER));
  }
}
