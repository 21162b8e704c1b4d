package org.relais.hub.sites;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.function.Function;
import org.relais.hub.http.Api;
import org.relais.hub.http.ApiRouter;
import org.relais.hub.http.ProblemException;
import org.relais.hub.http.PublicAddress;
import org.relais.hub.join.QrCodes;
import org.relais.hub.staff.StaffPrincipal;

/**
 * Enrolling relay-sites and their link: coordinators ask for codes and revoke; relays enrol, rotate
 * their credential and get tickets to the live bridge.
 */
public final class SiteRoutes implements ApiRouter.Feature {
  private static final String SITE_KEY = "relais.site";
  private static final String BEARER = "bearer ";

  private final SiteCredentials credentials;
  private final Function<UUID, Future<JsonObject>> linkTicket;
  private final PublicAddress address;

  /** {@code linkTicket} issues a live-bridge ticket for a site's link. */
  public SiteRoutes(SiteCredentials credentials, Function<UUID, Future<JsonObject>> linkTicket,
      PublicAddress address) {
    this.credentials = credentials;
    this.linkTicket = linkTicket;
    this.address = address;
  }

  @Override
  public void bind(ApiRouter api) {
    Handler<RoutingContext> siteAuthentication = this::authenticate;
    api.staffOperation("createSiteEnrolment", ctx -> Api.respond(ctx, 201, () ->
            credentials.issueEnrolment(StaffPrincipal.of(ctx), Api.pathId(ctx, "siteId")).map(enrolment -> {
              String command = SiteCredentials.enrolCommand(address.base(), enrolment.code());
              return new JsonObject().put("siteId", enrolment.site().id().toString())
                  .put("siteName", enrolment.site().name()).put("code", enrolment.code())
                  .put("expiresAt", enrolment.expiresAt().toString()).put("command", command)
                  .put("qrSvg", QrCodes.svg(command));
            })))
        .staffOperation("revokeSiteCredentials", ctx -> Api.respondEmpty(ctx, () ->
            credentials.revoke(StaffPrincipal.of(ctx), Api.pathId(ctx, "siteId"))))
        .publicOperation("enrolSite", ctx -> Api.respond(ctx, 201, () ->
            credentials.enrol(Api.body(ctx).getString("code")).map(enrolled -> new JsonObject()
                .put("siteId", enrolled.site().id().toString()).put("siteName", enrolled.site().name())
                .put("centreId", enrolled.centre().id().toString()).put("centreName", enrolled.centre().name())
                .put("credential", enrolled.credential()))))
        .securedOperation("getSiteLinkTicket", siteAuthentication, ctx -> Api.respond(ctx, 201, () ->
            linkTicket.apply(ctx.get(SITE_KEY))))
        .securedOperation("rotateSiteCredential", siteAuthentication, ctx -> Api.respond(ctx, 201, () ->
            credentials.rotate(ctx.get(SITE_KEY), bearer(ctx)).map(next -> new JsonObject().put("credential", next))));
  }

  /** The same 401 for a missing, unknown or revoked credential. */
  private void authenticate(RoutingContext ctx) {
    credentials.authenticate(bearer(ctx)).onSuccess(site -> {
      if (site.isEmpty()) {
        ctx.fail(ProblemException.unauthorized());
      } else {
        ctx.put(SITE_KEY, site.get());
        ctx.next();
      }
    }).onFailure(ctx::fail);
  }

  private static String bearer(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || header.length() <= BEARER.length()
        || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return null;
    }
    return header.substring(BEARER.length()).strip();
  }
}
