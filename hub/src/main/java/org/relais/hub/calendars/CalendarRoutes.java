package org.relais.hub.calendars;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.UUID;
import org.relais.hub.centres.CentreService;
import org.relais.hub.http.ProblemException;

/**
 * The calendar feeds' addresses: {@code /calendar/network.ics}, {@code /calendar/centres/{id}.ics},
 * {@code /calendar/themes/{theme}.ics}. A request whose {@code If-None-Match} names the feed's ETag gets a 304.
 */
public final class CalendarRoutes {
  static final String CONTENT_TYPE = "text/calendar; charset=utf-8";
  /** Shared caches may keep a feed a few minutes; after that they ask again with the ETag. */
  static final String CACHE_CONTROL = "public, max-age=300";

  private final CalendarFeeds feeds;
  private final CentreService centres;

  public CalendarRoutes(CalendarFeeds feeds, CentreService centres) {
    this.feeds = feeds;
    this.centres = centres;
  }

  /** GET, and HEAD for the calendar apps that ask whether a feed changed that way (Vert.x sends no body then). */
  public void mount(Router router) {
    router.get("/calendar/network.ics").method(HttpMethod.HEAD)
        .handler(ctx -> serve(ctx, Future.succeededFuture(Feed.NETWORK)));
    router.getWithRegex("/calendar/centres/([^/]+)\\.ics").method(HttpMethod.HEAD)
        .handler(ctx -> serve(ctx, centre(ctx.pathParam("param0"))));
    router.getWithRegex("/calendar/themes/([^/]+)\\.ics").method(HttpMethod.HEAD)
        .handler(ctx -> serve(ctx, Feed.theme(ctx.pathParam("param0"))
            .map(category -> Future.succeededFuture(Feed.theme(category)))
            .orElseGet(() -> Future.failedFuture(ProblemException.notFound("No such theme")))));
  }

  private Future<Feed> centre(String id) {
    UUID centreId;
    try {
      centreId = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(ProblemException.notFound("No such centre"));
    }
    return centres.get(centreId).map(centre -> Feed.centre(centre.id()));
  }

  private void serve(RoutingContext ctx, Future<Feed> feed) {
    feed.compose(feeds::feed).onSuccess(built -> {
      ctx.response().putHeader(HttpHeaders.ETAG, built.etag()).putHeader(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL);
      if (matches(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH), built.etag())) {
        ctx.response().setStatusCode(304).end();
      } else {
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE).end(built.body());
      }
    }).onFailure(ctx::fail);
  }

  /** RFC 9110: If-None-Match lists ETags (weak ones compare too), or is "*". */
  static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    return Arrays.stream(ifNoneMatch.split(",")).map(String::strip)
        .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
        .anyMatch(tag -> tag.equals("*") || tag.equals(etag));
  }
}
