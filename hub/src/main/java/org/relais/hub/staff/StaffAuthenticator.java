package org.relais.hub.staff;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import org.relais.hub.http.ProblemException;

/** Admits a request with a valid staff bearer token and puts the caller in the context; 401 otherwise. */
public final class StaffAuthenticator implements Handler<RoutingContext> {
  private static final String BEARER = "bearer ";

  private final StaffSignIn staff;

  public StaffAuthenticator(StaffSignIn staff) {
    this.staff = staff;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || header.length() <= BEARER.length()
        || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      ctx.fail(ProblemException.unauthorized());
      return;
    }
    staff.authenticate(header.substring(BEARER.length()).strip())
        .onSuccess(principal -> {
          ctx.put(StaffPrincipal.CONTEXT_KEY, principal);
          ctx.next();
        })
        .onFailure(ctx::fail);
  }
}
