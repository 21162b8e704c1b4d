package org.relais.site.kiosk;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.templ.pebble.PebbleTemplateEngine;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.relais.protocol.Addresses;
import org.relais.protocol.site.SiteEvent;
import org.relais.protocol.site.Sitting;
import org.relais.site.broadcast.BroadcastRelay;
import org.relais.web.MessageBundles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kiosk on the centre's LAN. The animator signs in and gets the room's board (today's classes,
 * the room screen, head count and check-ins, the help queue, the centre's families' calls, QR codes to
 * register for next time), kept live over a local event-bus bridge; taking a family's call goes to the hub
 * with the animator's own token. Visitors' PCs get {@code /help}: one button to ask for help (and to take
 * the request back), no sign-in. Every action in the room is journaled before it is answered.
 */
public final class KioskServer extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(KioskServer.class);
  static final String SESSION_COOKIE = "relais_kiosk";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
      + " connect-src 'self'; media-src 'self' blob:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
  /** The HLS player of the room screen, from its WebJar (the version pinned in the parent pom). */
  static final String HLS_JS = "META-INF/resources/webjars/hls.js/1.4.12/dist";

  private final KioskConfig config;
  private final Room room;
  private final AnimatorLogins logins;
  private final KioskSignInLimits limits;
  private final FamilyCallTaker calls;
  private final BroadcastRelay broadcast;
  private final KioskTexts texts = new KioskTexts();
  private final Cache<String, AnimatorLogins.Animator> sessions;
  private PebbleTemplateEngine templates;
  private HttpServer server;

  public KioskServer(KioskConfig config, Room room, AnimatorLogins logins, FamilyCallTaker calls,
      BroadcastRelay broadcast) {
    this.config = config;
    this.broadcast = broadcast;
    this.room = room;
    this.logins = logins;
    this.calls = calls;
    this.limits = new KioskSignInLimits(config);
    this.sessions = Caffeine.newBuilder().maximumSize(1_000).expireAfterAccess(config.signInFor()).build();
  }

  @Override
  public Future<?> start() {
    templates = PebbleTemplateEngine.create(vertx);
    Router router = Router.router(vertx);
    router.route().handler(ctx -> {
      ctx.response().putHeader("X-Content-Type-Options", "nosniff").putHeader("Referrer-Policy", "no-referrer")
          .putHeader("Content-Security-Policy", CSP);
      ctx.next();
    });
    router.route().handler(BodyHandler.create(false).setBodyLimit(16 * 1024));
    router.get("/").handler(ctx -> redirect(ctx, "/kiosk"));
    router.get("/static/hls/*").handler(StaticHandler.create(HLS_JS).setMaxAgeSeconds(86_400));
    router.get("/static/*").handler(StaticHandler.create("webroot").setMaxAgeSeconds(3600));
    // A broadcast the room follows: its screen (open on the LAN, like a television), playlists and segments.
    router.get("/broadcast/:sessionId").handler(this::broadcastScreen);
    broadcast.mount(router);
    router.get("/kiosk/login").handler(ctx -> render(ctx, 200, "kiosk-login", Map.of()));
    router.post("/kiosk/login").handler(this::signIn);
    // A visitor's PC may follow the room's broadcast too, from the relay's copy.
    router.get("/help").handler(ctx -> render(ctx, 200, "visitor-help", Map.of("seat", seatOf(ctx),
        "broadcastUrl", room.onNow().filter(Sitting::isBroadcast).map(s -> "/broadcast/" + s.sessionId()).orElse(""))));
    router.post("/help").handler(this::askForHelp);
    router.get("/help/:id").handler(this::helpStatus);
    router.get("/help/:id/status").handler(this::helpStatusJson);
    router.post("/help/:id/withdraw").handler(this::withdraw);

    router.route("/kiosk/*").handler(this::requireAnimator);
    router.route("/eventbus/*").handler(this::requireAnimator);
    // The board goes into a script element: no "<" may close it early.
    router.get("/kiosk").handler(ctx -> render(ctx, 200, "kiosk", Map.of(
        "board", room.board().encode().replace("<", "\\u003c"), "animator", animator(ctx).name())));
    router.post("/kiosk/logout").handler(ctx -> {
      sessions.invalidate(sessionOf(ctx).orElse(""));
      ctx.response().addCookie(Cookie.cookie(SESSION_COOKIE, "").setPath("/").setMaxAge(0));
      redirect(ctx, "/kiosk/login");
    });
    router.get("/kiosk/api/board").handler(ctx -> json(ctx, 200, room.board()));
    router.post("/kiosk/api/count").handler(this::count);
    router.post("/kiosk/api/check-ins").handler(this::checkIn);
    router.post("/kiosk/api/help/:id/done").handler(this::helpDone);
    router.post("/kiosk/api/screen").handler(this::screenOpened);
    router.post("/kiosk/api/family-calls/:id/take").handler(this::takeFamilyCall);
    router.get("/kiosk/qr/:file").handler(this::qr);
    SockJSBridgeOptions bridge = new SockJSBridgeOptions()
        .addOutboundPermitted(new PermittedOptions().setAddress(Addresses.kioskBoard()));
    router.route("/eventbus/*").subRouter(SockJSHandler.create(vertx, new SockJSHandlerOptions()
        .setRegisterWriteHandler(false).setInsertJSESSIONID(false)).bridge(bridge));
    router.route().failureHandler(this::failed);
    return vertx.createHttpServer().requestHandler(router).listen(config.port(), config.host()).onSuccess(s -> {
      server = s;
      LOG.info("Kiosk on http://{}:{}/kiosk (visitors' help page: /help)", config.host(), s.actualPort());
    });
  }

  @Override
  public Future<?> stop() {
    calls.close();
    return Future.succeededFuture();
  }

  public int port() {
    return server.actualPort();
  }

  private void signIn(RoutingContext ctx) {
    String email = ctx.request().getFormAttribute("email");
    String password = ctx.request().getFormAttribute("password");
    if (email == null || password == null || email.isBlank() || password.isEmpty() || email.length() > 254
        || password.length() > 200) {
      render(ctx, 400, "kiosk-login", Map.of("error", texts.get(ctx, "kiosk_login_missing")));
      return;
    }
    String key = email.strip().toLowerCase(Locale.ROOT);
    String address = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
    limits.attempt(key, address, () -> logins.signIn(email, password)).onSuccess(animator -> {
      byte[] raw = new byte[24];
      RANDOM.nextBytes(raw);
      String session = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
      sessions.put(session, animator);
      ctx.response().addCookie(Cookie.cookie(SESSION_COOKIE, session).setPath("/").setHttpOnly(true)
          .setSameSite(CookieSameSite.STRICT));
      redirect(ctx, "/kiosk");
    }).onFailure(e -> {
      if (e instanceof AnimatorLogins.TryLater later) {
        tryLater(ctx, later, email);
        return;
      }
      if (e instanceof AnimatorLogins.Refused refused) {
        render(ctx, 401, "kiosk-login", Map.of("error", texts.get(ctx, refused.messageKey()), "email", email));
        return;
      }
      LOG.warn("Sign-in failed", e);
      render(ctx, 401, "kiosk-login", Map.of("error", texts.get(ctx, "kiosk_login_failed"), "email", email));
    });
  }

  /** 429 or 503 with Retry-After: the sign-in page again for a browser, a problem for any other client. */
  private void tryLater(RoutingContext ctx, AnimatorLogins.TryLater later, String email) {
    long seconds = Math.max(1, later.retryAfter().toSeconds());
    ctx.response().putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
    String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
    if (accept != null && accept.contains("text/html")) {
      render(ctx, later.status(), "kiosk-login", Map.of("email", email, "error", later.status() == 503
          ? texts.get(ctx, "kiosk_login_busy")
          : texts.get(ctx, "kiosk_login_too_many").replace("{seconds}", String.valueOf(seconds))));
    } else {
      problem(ctx, later.status(), null, later.status() == 503 ? "Too many sign-ins at once; retry in a moment"
          : "Too many sign-in attempts; retry in " + seconds + " s");
    }
  }

  private void requireAnimator(RoutingContext ctx) {
    Optional<AnimatorLogins.Animator> animator = sessionOf(ctx).map(sessions::getIfPresent);
    if (animator.isPresent()) {
      ctx.put("animator", animator.get());
      ctx.next();
    } else if (ctx.request().path().startsWith("/kiosk/api") || ctx.request().path().startsWith("/eventbus")) {
      problem(ctx, 401, null, "Sign in at the kiosk first");
    } else {
      redirect(ctx, "/kiosk/login");
    }
  }

  private void count(RoutingContext ctx) {
    JsonObject body = body(ctx);
    Optional<Sitting> sitting = sittingOf(ctx, body);
    Integer delta = body == null ? null : intOrNull(body.getValue("delta"));
    if (sitting.isEmpty()) {
      return;
    }
    if (delta == null || delta == 0 || Math.abs(delta) > SiteEvent.MAX_DELTA) {
      problem(ctx, 400, "delta", "delta must be a whole number from -50 to 50, not 0");
      return;
    }
    if (room.state().headCount(sitting.get().sessionId()) + delta < 0) {
      problem(ctx, 409, "delta", "Nobody is left to count out");
      return;
    }
    recordThenBoard(ctx, room.event(SiteEvent.Kind.HEAD_COUNT, sitting.get().sessionId(), delta, null, null));
  }

  private void checkIn(RoutingContext ctx) {
    JsonObject body = body(ctx);
    Optional<Sitting> sitting = sittingOf(ctx, body);
    if (sitting.isEmpty()) {
      return;
    }
    String name = body.getValue("name") instanceof String n ? n.strip() : null;
    Integer size = intOrNull(body.getValue("householdSize"));
    if (name == null || name.isEmpty() || name.length() > 40) {
      problem(ctx, 400, "name", "name is a first name or initials, 1 to 40 characters");
      return;
    }
    if (size == null || size < 1 || size > 20) {
      problem(ctx, 400, "householdSize", "householdSize is from 1 to 20");
      return;
    }
    recordThenBoard(ctx, room.event(SiteEvent.Kind.CHECK_IN, sitting.get().sessionId(), size, name, null));
  }

  private void helpDone(RoutingContext ctx) {
    UUID id = uuidOrNull(ctx.pathParam("id"));
    Optional<RoomState.HelpRequest> open = id == null ? Optional.empty() : room.state().help(id);
    if (open.isEmpty()) {
      problem(ctx, 404, "id", "No open help request " + ctx.pathParam("id"));
      return;
    }
    recordThenBoard(ctx, room.event(SiteEvent.Kind.HELP_DONE, open.get().sessionId(), 0, null, id));
  }

  private void screenOpened(RoutingContext ctx) {
    JsonObject body = body(ctx);
    Optional<Sitting> sitting = sittingOf(ctx, body);
    if (sitting.isEmpty()) {
      return;
    }
    recordThenBoard(ctx, room.event(SiteEvent.Kind.SCREEN_OPENED, sitting.get().sessionId(), 0,
        animator(ctx).name(), null));
  }

  private void broadcastScreen(RoutingContext ctx) {
    UUID id = uuidOrNull(ctx.pathParam("sessionId"));
    Optional<Sitting> sitting = id == null ? Optional.empty() : room.sitting(id).filter(Sitting::isBroadcast);
    if (sitting.isEmpty()) {
      render(ctx, 404, "visitor-help", Map.of("error", texts.get(ctx, "broadcast_room_not_here")));
      return;
    }
    render(ctx, 200, "broadcast-screen", Map.of("sessionId", sitting.get().sessionId().toString(),
        "title", sitting.get().title(), "place", room.placeName()));
  }

  private void askForHelp(RoutingContext ctx) {
    String seat = ctx.request().getFormAttribute("seat");
    seat = seat == null || seat.isBlank() ? null : seat.strip();
    if (seat != null && seat.length() > 40) {
      render(ctx, 400, "visitor-help", Map.of("error", texts.get(ctx, "visitor_help_seat_too_long")));
      return;
    }
    SiteEvent asked = room.event(SiteEvent.Kind.HELP_REQUESTED, room.forHelp().map(Sitting::sessionId).orElse(null),
        0, seat == null ? "?" : seat, null);
    room.record(asked).onSuccess(done -> redirect(ctx, "/help/" + asked.id())).onFailure(ctx::fail);
  }

  private void helpStatus(RoutingContext ctx) {
    UUID id = uuidOrNull(ctx.pathParam("id"));
    if (id == null) {
      render(ctx, 404, "visitor-help", Map.of("error", texts.get(ctx, "visitor_help_unknown")));
      return;
    }
    Map<String, Object> model = new HashMap<>(helpState(id).getMap());
    model.put("requestId", id.toString());
    render(ctx, 200, "visitor-help", model);
  }

  /** Where a visitor's request stands, for its page's script: waiting (behind how many), done or withdrawn. */
  private void helpStatusJson(RoutingContext ctx) {
    UUID id = uuidOrNull(ctx.pathParam("id"));
    if (id == null) {
      problem(ctx, 404, "id", "No help request " + ctx.pathParam("id"));
      return;
    }
    json(ctx, 200, helpState(id));
  }

  private JsonObject helpState(UUID id) {
    Optional<RoomState.HelpRequest> open = room.state().help(id);
    int before = (int) room.state().openHelp().stream().takeWhile(h -> !h.id().equals(id)).count();
    return new JsonObject().put("waiting", open.isPresent()).put("before", open.isPresent() ? before : 0)
        .put("seat", open.map(RoomState.HelpRequest::seat).orElse("")).put("withdrawn", room.state().wasWithdrawn(id));
  }

  /** The visitor takes their request back: journaled as the request done, marked as withdrawn. */
  private void withdraw(RoutingContext ctx) {
    UUID id = uuidOrNull(ctx.pathParam("id"));
    if (id == null) {
      render(ctx, 404, "visitor-help", Map.of("error", texts.get(ctx, "visitor_help_unknown")));
      return;
    }
    Optional<RoomState.HelpRequest> open = room.state().help(id);
    if (open.isEmpty()) {
      redirect(ctx, "/help/" + id);
      return;
    }
    room.record(room.event(SiteEvent.Kind.HELP_DONE, open.get().sessionId(), 0, RoomState.WITHDRAWN, id))
        .onSuccess(done -> redirect(ctx, "/help/" + id)).onFailure(ctx::fail);
  }

  /** The animator takes a family's call: the hub decides, and the kiosk's page then opens the call's room. */
  private void takeFamilyCall(RoutingContext ctx) {
    UUID id = uuidOrNull(ctx.pathParam("id"));
    if (id == null) {
      problem(ctx, 400, "id", "id must be a help call's id");
      return;
    }
    calls.take(animator(ctx), id)
        .onSuccess(roomUrl -> json(ctx, 200, new JsonObject().put("roomUrl", roomUrl)))
        .onFailure(failure -> {
          if (failure instanceof FamilyCallTaker.NotTaken refused) {
            problem(ctx, refused.status(), "id", texts.get(ctx, "kiosk_call_" + refused.reason.name().toLowerCase(
                Locale.ROOT)));
          } else {
            ctx.fail(failure);
          }
        });
  }

  private void qr(RoutingContext ctx) {
    String file = ctx.pathParam("file");
    UUID id = file.endsWith(".svg") ? uuidOrNull(file.substring(0, file.length() - 4)) : null;
    Optional<Sitting> sitting = id == null ? Optional.empty() : room.sitting(id);
    if (sitting.isEmpty() || sitting.get().registerUrl() == null) {
      problem(ctx, 404, "sessionId", "No such session in this room's schedule");
      return;
    }
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "image/svg+xml")
        .putHeader(HttpHeaders.CACHE_CONTROL, "max-age=3600").end(QrSvg.of(sitting.get().registerUrl()));
  }

  private void recordThenBoard(RoutingContext ctx, SiteEvent event) {
    room.record(event).onSuccess(done -> json(ctx, 200, room.board())).onFailure(ctx::fail);
  }

  /** The sitting a kiosk request names; answers the problem itself when there is none. */
  private Optional<Sitting> sittingOf(RoutingContext ctx, JsonObject body) {
    if (body == null) {
      problem(ctx, 400, null, "The body must be a JSON object");
      return Optional.empty();
    }
    UUID id = body.getValue("sessionId") instanceof String text ? uuidOrNull(text) : null;
    Optional<Sitting> sitting = id == null ? Optional.empty() : room.sitting(id);
    if (sitting.isEmpty()) {
      problem(ctx, 400, "sessionId", "sessionId names no session of this room's schedule");
    }
    return sitting;
  }

  private static JsonObject body(RoutingContext ctx) {
    try {
      return ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static Integer intOrNull(Object value) {
    return value instanceof Integer i ? i : null;
  }

  private static UUID uuidOrNull(String text) {
    try {
      return text == null ? null : UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String seatOf(RoutingContext ctx) {
    String seat = ctx.request().getParam("seat");
    return seat == null || seat.length() > 40 ? "" : seat;
  }

  private AnimatorLogins.Animator animator(RoutingContext ctx) {
    return ctx.get("animator");
  }

  private static Optional<String> sessionOf(RoutingContext ctx) {
    return Optional.ofNullable(ctx.request().getCookie(SESSION_COOKIE)).map(Cookie::getValue);
  }

  private void render(RoutingContext ctx, int status, String template, Map<String, Object> model) {
    Map<String, Object> context = new HashMap<>(model);
    String language = texts.language(ctx);
    context.put("lang", language);
    context.put("dir", MessageBundles.direction(language));
    context.put("t", texts.of(language));
    context.put("otherLanguages", texts.others(ctx, language));
    templates.render(context, "templates/" + template + ".peb")
        .onSuccess(html -> ctx.response().setStatusCode(status)
            .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
            .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end(html))
        .onFailure(ctx::fail);
  }

  private static void redirect(RoutingContext ctx, String to) {
    ctx.response().setStatusCode(303).putHeader(HttpHeaders.LOCATION, to).end();
  }

  private static void json(RoutingContext ctx, int status, JsonObject json) {
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end(json.toBuffer());
  }

  private static void problem(RoutingContext ctx, int status, String field, String detail) {
    JsonObject problem = new JsonObject().put("type", "about:blank").put("title", detail).put("status", status)
        .put("detail", detail);
    if (field != null) {
      problem.put("field", field);
    }
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
        .end(problem.toBuffer());
  }

  private void failed(RoutingContext ctx) {
    int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
    if (status >= 500) {
      LOG.error("Kiosk request {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
    }
    if (!ctx.response().ended()) {
      problem(ctx, status, null, status >= 500 ? "Something went wrong; it was logged" : "Refused");
    }
  }
}
