package org.relais.hub.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.relais.hub.storage.Page;
import org.relais.hub.validation.Checks;

/** Reading validated requests and writing JSON answers, the same way in every feature. */
public final class Api {
  private static final String JSON = "application/json";

  private Api() {}

  public static ValidatedRequest request(RoutingContext ctx) {
    return ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
  }

  public static JsonObject body(RoutingContext ctx) {
    return request(ctx).getBody().getJsonObject();
  }

  public static UUID pathId(RoutingContext ctx, String name) {
    return Checks.uuid(name, request(ctx).getPathParameters().get(name).getString());
  }

  public static String query(RoutingContext ctx, String name) {
    RequestParameter value = request(ctx).getQuery().get(name);
    return value == null || value.isNull() ? null : String.valueOf(value.get());
  }

  public static int queryInt(RoutingContext ctx, String name, int fallback) {
    RequestParameter value = request(ctx).getQuery().get(name);
    return value == null || value.isNull() ? fallback : value.getInteger();
  }

  /** Runs {@code work}, catching what it throws before returning a future, and answers with its JSON. */
  public static void respond(RoutingContext ctx, int status, Supplier<Future<JsonObject>> work) {
    start(work).onSuccess(json -> send(ctx, status, json)).onFailure(ctx::fail);
  }

  /** Like {@link #respond} for a versioned resource: adds its ETag. */
  public static void respondVersioned(RoutingContext ctx, int status, Supplier<Future<JsonObject>> work) {
    start(work).onSuccess(json -> {
      ctx.response().putHeader(HttpHeaders.ETAG, Versions.etag(json.getLong("version")));
      send(ctx, status, json);
    }).onFailure(ctx::fail);
  }

  public static <T> void respondEmpty(RoutingContext ctx, Supplier<Future<T>> work) {
    start(work).onSuccess(done -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
  }

  public static <T> JsonObject page(Page<T> page, Function<T, JsonObject> item) {
    return new JsonObject()
        .put("items", new JsonArray(page.items().stream().map(item).toList()))
        .put("next", page.next());
  }

  public static void send(RoutingContext ctx, int status, JsonObject json) {
    ctx.response().setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(json.toBuffer());
  }

  private static <T> Future<T> start(Supplier<Future<T>> work) {
    try {
      return work.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
