package org.relais.hub.join;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.relais.hub.centres.Centre;
import org.relais.hub.centres.CentreService;
import org.relais.hub.pages.Messages;
import org.relais.hub.pages.Pages;
import org.relais.hub.schedule.Occurrence;
import org.relais.hub.schedule.Occurrences;
import org.relais.hub.schedule.SchedulePages;
import org.relais.hub.schedule.ScheduleService;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionStore;
import org.relais.hub.shortlinks.ShortCode;
import org.relais.hub.shortlinks.ShortLinkKind;
import org.relais.hub.shortlinks.ShortLinks;
import org.relais.protocol.JoinRole;
import org.relais.protocol.JoinState;
import org.relais.protocol.SessionStatus;

/**
 * The join link as a page: a waiting page with a countdown before the doors open (it turns into the
 * room by itself), the room while they are open, a clear message after (the waiting list's looks
 * again by itself); plus the link's QR code and calendar file. An unknown link gets a 404 page that
 * says nothing more.
 */
public final class JoinPages {
  /** How often a waiting list's page asks whether a place freed up (no sitting event says so). */
  static final Duration RECHECK_WAITLIST = Duration.ofMinutes(5);
  private static final int MORE_SESSIONS = 3;
  private static final String BROADCAST = "BROADCAST";
  /** hls.js, pinned in the parent pom: its WebJar's folder, and where the pages find it. */
  private static final String HLS_WEBJAR = "META-INF/resources/webjars/hls.js/1.4.12/dist";
  private static final String HLS_PATH = "/static/vendor/hls.js/";
  static final String HLS_SCRIPT = HLS_PATH + "hls.light.min.js";
  private static final Set<JoinState> FOLLOWING = EnumSet.of(JoinState.EARLY, JoinState.OPEN,
      JoinState.WAITLISTED);

  public record More(String time, String title, String category, String href) {}

  /** The private page where a family sees or cancels its registration, kept by the registrations. */
  @FunctionalInterface
  public interface ManagePaths {
    String of(UUID registrationId);
  }

  private final Vertx vertx;
  private final JoinService join;
  private final JoinLinks links;
  private final ScheduleService schedule;
  private final CentreService centres;
  private final SchedulePages schedulePages;
  private final CalendarFiles calendars;
  private final Pages pages;
  private final ManagePaths managePaths;
  private final ShortLinks shortLinks;
  private final Clock clock;
  private final JoinReplays replays;

  /**
   * The link a page was opened by: its token or short code, and the address to show and to encode in its QR
   * code (for a short one, in capitals: the QR code's compact alphanumeric mode).
   */
  private record Link(String token, String url, String qrText, boolean isShort) {}

  public JoinPages(Vertx vertx, JoinService join, JoinLinks links, ScheduleService schedule, CentreService centres,
      SchedulePages schedulePages, Pages pages, ManagePaths managePaths, ShortLinks shortLinks, JoinReplays replays,
      Clock clock) {
    this.replays = replays;
    this.vertx = vertx;
    this.join = join;
    this.links = links;
    this.schedule = schedule;
    this.centres = centres;
    this.schedulePages = schedulePages;
    this.calendars = new CalendarFiles(schedule.zone());
    this.pages = pages;
    this.managePaths = managePaths;
    this.shortLinks = shortLinks;
    this.clock = clock;
  }

  public void mount(Router router) {
    // The broadcast player's library, from its WebJar: loaded only by browsers that do not play HLS themselves.
    router.route(HLS_PATH + "*").handler(StaticHandler.create(HLS_WEBJAR).setMaxAgeSeconds(86_400));
    // A short link's QR code is upper case (the QR code's compact alphanumeric mode): its path too.
    for (String prefix : List.of("/j/", "/J/")) {
      router.get(prefix + ":token").handler(this::page);
      router.get(prefix + ":token/qr.svg").handler(ctx -> withView(ctx, (link, view) -> Future.succeededFuture(
          Buffer.buffer(link.isShort() ? QrCodes.compactSvg(link.qrText()) : QrCodes.svg(link.qrText()))),
          "image/svg+xml"));
      router.get(prefix + ":token/qr.png").handler(ctx -> withView(ctx, (link, view) -> vertx.executeBlocking(() ->
          Buffer.buffer(link.isShort() ? QrCodes.compactPng(link.qrText()) : QrCodes.png(link.qrText()))),
          "image/png"));
      router.get(prefix + ":token/calendar.ics").handler(ctx -> withView(ctx, this::calendar,
          "text/calendar; charset=utf-8"));
    }
  }

  /**
   * The link in the path: a long token, or a short code (which the join service reads into its token), shown
   * in its usual form so that the page's own links and requests keep the short address.
   */
  private Link link(RoutingContext ctx) {
    String segment = ctx.pathParam("token");
    Optional<String> code = ShortCode.read(segment);
    if (code.isEmpty()) {
      String url = links.url(segment);
      return new Link(segment, url, url, false);
    }
    String url = shortLinks.url(ShortLinkKind.REGISTRATION_JOIN, code.get());
    return new Link(ShortCode.shown(code.get()), url, url.toUpperCase(Locale.ROOT), true);
  }

  private void withView(RoutingContext ctx, java.util.function.BiFunction<Link, JoinView, Future<Buffer>> body,
      String contentType) {
    Link link = link(ctx);
    JoinRoutes.readable(join.open(link.token())).compose(view -> body.apply(link, view))
        .onSuccess(bytes -> ctx.response()
            .putHeader(HttpHeaders.CONTENT_TYPE, contentType)
            .putHeader(HttpHeaders.CACHE_CONTROL, "private, no-store")
            .end(bytes))
        .onFailure(ctx::fail);
  }

  private Future<Buffer> calendar(Link link, JoinView view) {
    Session session = view.session();
    List<Occurrence> sittings = Occurrences.all(session, schedule.zone());
    String url = link.url();
    return centres.get(session.draft().centreId()).map(centre -> Buffer.buffer(calendars.write(new CalendarEvent(
        view.claims().tokenId() + "@relais", session.draft().title(),
        (session.draft().description() == null ? "" : session.draft().description() + "\n\n") + url,
        centre.name(), url, sittings.get(0).start(), sittings.get(0).end(), session.draft().recurrence(),
        sittings.get(sittings.size() - 1).start()))));
  }

  private void page(RoutingContext ctx) {
    String language = pages.language(ctx);
    ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    Link link = link(ctx);
    join.openWithRoom(link.token())
        .compose(view -> moreOfTheme(view, Messages.locale(language))
            .compose(more -> centreOfOpenRoom(view).compose(centre -> replayOf(link, view)
                .compose(replay -> render(ctx, link, view, language, more, centre, replay)))))
        .onFailure(failure -> failed(ctx, pages, language, failure));
  }

  /** A broadcast class's replay, shown once its sitting is over (an open sitting shows the live player). */
  private Future<Optional<JoinReplays.Replay>> replayOf(Link link, JoinView view) {
    return replays.shownOn(link.token(), view);
  }

  /** The page's model of a replay: where to play, listen to and download it, and until when. */
  public static Map<String, Object> replayModel(String token, JoinReplays.Replay replay, Locale locale) {
    DateTimeFormatter day = DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale);
    String base = "/b/" + token + "/replay/";
    Map<String, Object> model = new HashMap<>();
    model.put("date", day.format(replay.date()));
    model.put("until", day.format(replay.until()));
    model.put("master", base + "index.m3u8");
    model.put("audio", base + "audio.m3u8");
    model.put("m4a", base + "audio.m4a");
    // The name the hub gives the file too (its Content-Disposition wins over the link's).
    model.put("fileName", "replay-" + replay.date() + ".m4a");
    model.put("hls", HLS_SCRIPT);
    return model;
  }

  /** The session's centre, whose name and phone the open room shows; nothing for a page that shows no room. */
  private Future<Centre> centreOfOpenRoom(JoinView view) {
    return view.state() == JoinState.OPEN ? centres.get(view.session().draft().centreId())
        : Future.succeededFuture(null);
  }

  /** A page of a join link failed: a link that is not ours gets a 404 page that says nothing more. */
  public static void failed(RoutingContext ctx, Pages pages, String language, Throwable failure) {
    if (failure instanceof JoinTokens.InvalidJoinToken) {
      pages.render(ctx, 404, "error", Map.of(
          "heading", pages.messages().get(language, "join_unknown_title"),
          "text", pages.messages().get(language, "join_unknown_text"))).onFailure(ctx::fail);
    } else {
      ctx.fail(failure);
    }
  }

  /**
   * A room's screen may say more than its room's name: its relay-site opens it as "Centre — 12 present".
   * Nobody else chooses their name by the URL.
   */
  private static String displayName(RoutingContext ctx, JoinView view) {
    String asked = ctx.request().getParam("screenName");
    if (view.claims().role() == JoinRole.SITE_SCREEN && asked != null && !asked.isBlank() && asked.length() <= 100) {
      return asked.strip();
    }
    return view.claims().displayName();
  }

  private Future<Void> render(RoutingContext ctx, Link link, JoinView view, String language, List<More> more,
      Centre centre, Optional<JoinReplays.Replay> replay) {
    Locale locale = Messages.locale(language);
    Session session = view.session();
    Instant now = clock.instant();
    Map<String, Object> model = new HashMap<>();
    model.put("token", link.token());
    model.put("title", session.draft().title());
    model.put("categoryLabel", schedulePages.label(language, session.draft().category()));
    model.put("displayName", displayName(ctx, view));
    model.put("state", view.state().name());
    model.put("when", schedulePages.whenLabel(view.window().sitting(), locale));
    model.put("audioOnly", "1".equals(ctx.request().getParam("audio")));
    model.put("more", more);
    if (view.next() != null) {
      model.put("next", schedulePages.whenLabel(view.next(), locale));
    }
    // The page changes when a sitting starts or ends, or its replay is ready: the hub tells it (a room full stays as
    // it is).
    model.put("follows", FOLLOWING.contains(view.state()) || view.next() != null
        || JoinReplays.awaited(view, replay));
    model.put("followed", JoinReplays.followed(view, replay));
    model.put("mayAskHelp", view.mayCallForHelp());
    model.put("role", view.claims().role().name());
    // Remembers this link's choices on this device (a small connection) without keeping the token itself.
    model.put("linkKey", view.claims().peerId());
    if (centre != null) {
      model.put("centreName", centre.name());
      model.put("centrePhone", centre.phone());
    }
    if (view.claims().role() == JoinRole.PARTICIPANT) {
      model.put("manageHref", managePaths.of(view.claims().subjectId()));
    }
    String embedded = null;
    if (view.state() == JoinState.EARLY) {
      model.put("opensAtIso", DateTimeFormatter.ISO_INSTANT.format(view.window().opensAt()));
      // The countdown counts from the hub's time: a phone's own clock may be minutes off.
      model.put("nowIso", DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.MILLIS)));
      model.put("opensAtLabel", DateTimeFormatter.ofPattern("HH:mm", locale)
          .format(view.window().opensAt().atZone(schedule.zone())));
      model.put("untilOpenLabel", untilLabel(Duration.between(now, view.window().opensAt()),
          pages.messages().of(language)));
    }
    if (view.state() == JoinState.WAITLISTED) {
      // The page says the link opens if a place frees up, which no sitting event tells: it asks again.
      model.put("recheckSeconds", RECHECK_WAITLIST.getSeconds());
    }
    boolean broadcast = false;
    if (view.video() != null) {
      JsonObject video = view.video().toJson();
      model.put("video", video.getMap());
      if (BROADCAST.equals(video.getString("mode"))) {
        broadcast = true;
        model.put("broadcastRenditions", video.getJsonObject("renditions", new JsonObject()).encode());
        model.put("hlsScript", HLS_SCRIPT);
      }
      if (view.video() instanceof Video.Direct direct) {
        model.put("iceServers", direct.iceServers().encode());
        model.put("iceTransportPolicy", direct.iceTransportPolicy());
      }
      if (view.video() instanceof Video.Jitsi jitsi) {
        embedded = "https://" + jitsi.domain();
      }
    }
    // The room's big screen is a television: the class, full screen, and nothing of the site around it.
    boolean television = view.claims().role() == JoinRole.SITE_SCREEN && view.video() instanceof Video.Direct;
    if (replay.isPresent()) {
      model.put("replay", replayModel(link.token(), replay.get(), locale));
    }
    if (broadcast || replay.isPresent()) {
      return pages.renderWithMediaSource(ctx, 200, "join", model);
    }
    return pages.render(ctx, 200, television ? "screen" : "join", model, embedded);
  }

  /**
   * How long until the room opens, as the page shows it before the countdown's first tick (and without
   * JavaScript): "1 h 05 min" as the countdown says it, under an hour the minutes begun, "45 min".
   */
  static String untilLabel(Duration left, Map<String, String> texts) {
    long seconds = Math.max(0, left.getSeconds() + (left.getNano() > 0 ? 1 : 0));
    return seconds >= 3600
        ? texts.get("join_countdown_hours").replace("{h}", String.valueOf(seconds / 3600))
            .replace("{m}", String.format(Locale.ROOT, "%02d", seconds % 3600 / 60))
        : texts.get("join_countdown_minutes").replace("{m}", String.valueOf((seconds + 59) / 60));
  }

  /** For a link that no longer opens any room: the next classes on the same theme. */
  private Future<List<More>> moreOfTheme(JoinView view, Locale locale) {
    boolean over = view.state() == JoinState.ENDED || view.state() == JoinState.CANCELLED
        || view.state() == JoinState.REVOKED;
    if (!over || view.next() != null) {
      return Future.succeededFuture(List.of());
    }
    Instant from = clock.instant().truncatedTo(ChronoUnit.MINUTES);
    // With the day of the week, in the visitor's language: "mer. 25 nov. · 15:00", "Wed 25 Nov · 15:00".
    DateTimeFormatter format = DateTimeFormatter.ofPattern("EEE d MMM · HH:mm", locale);
    return schedule.occurrences(from, from.plus(Duration.ofDays(60)),
            new SessionStore.Filter(view.session().draft().category(), null, null))
        .map(sittings -> sittings.stream()
            .filter(o -> !o.session().id().equals(view.session().id())
                && o.session().status() != SessionStatus.CANCELLED)
            .limit(MORE_SESSIONS)
            .map(o -> new More(format.format(o.start().atZone(schedule.zone())), o.session().draft().title(),
                o.session().draft().category().name(), "/sessions/" + o.session().id() + "?at=" + o.start()))
            .toList());
  }
}
