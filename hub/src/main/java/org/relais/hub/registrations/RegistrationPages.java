package org.relais.hub.registrations;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.text.MessageFormat;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.relais.hub.http.ProblemException;
import org.relais.hub.join.JoinLinks;
import org.relais.hub.join.JoinPages;
import org.relais.hub.join.JoinReplays;
import org.relais.hub.pages.Messages;
import org.relais.hub.pages.Pages;
import org.relais.hub.schedule.SchedulePages;
import org.relais.hub.schedule.ScheduleService;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionSitting;
import org.relais.hub.schedule.SittingService;
import org.relais.hub.validation.InvalidFieldException;
import org.relais.protocol.SittingState;
import org.relais.protocol.VideoMode;

/**
 * Registering from a phone without JavaScript: the form on the session's page, and the family's
 * private page with the join link, its QR code, the calendar file and a way to cancel.
 */
public final class RegistrationPages implements SchedulePages.SessionSection {
  /** The registration form as the session page shows it. */
  public record Form(boolean open, String closed, String formKey, Map<String, Object> values,
      Map<String, String> errors, String problem) {}

  private final RegistrationService registrations;
  private final ScheduleService schedule;
  private final SittingService sittings;
  private final JoinLinks links;
  private final Pages pages;
  private final Clock clock;
  private final JoinReplays replays;
  private SchedulePages sessionPages;

  public RegistrationPages(RegistrationService registrations, ScheduleService schedule, SittingService sittings,
      JoinLinks links, Pages pages, JoinReplays replays, Clock clock) {
    this.replays = replays;
    this.registrations = registrations;
    this.schedule = schedule;
    this.sittings = sittings;
    this.links = links;
    this.pages = pages;
    this.clock = clock;
  }

  public void mount(Router router, SchedulePages sessionPages, int maxBodyBytes) {
    this.sessionPages = sessionPages;
    BodyHandler forms = BodyHandler.create(false).setBodyLimit(maxBodyBytes);
    router.post("/sessions/:id/register").handler(forms).handler(this::register);
    router.get("/r/:manage").handler(this::managePage);
    router.post("/r/:manage/cancel").handler(forms).handler(this::cancel);
  }

  @Override
  public Future<Map<String, Object>> model(RoutingContext ctx, Session session) {
    String language = pages.language(ctx);
    Map<String, Object> values = new HashMap<>(Map.of("householdSize", 1));
    Form form = RegistrationService.closedReason(session, schedule.zone(), clock.instant())
        .map(reason -> new Form(false, pages.messages().get(language, "register_closed_" + reason.name()), null,
            values, Map.of(), null))
        .orElseGet(() -> new Form(true, null, UUID.randomUUID().toString(), values, Map.of(), null));
    return Future.succeededFuture(Map.of("registration", form));
  }

  private void register(RoutingContext ctx) {
    UUID sessionId;
    try {
      sessionId = UUID.fromString(ctx.pathParam("id"));
    } catch (IllegalArgumentException e) {
      ctx.fail(ProblemException.notFound("No such session"));
      return;
    }
    MultiMap form = ctx.request().formAttributes();
    String formKey = form.get("idempotencyKey");
    Map<String, Object> values = new LinkedHashMap<>();
    for (String field : new String[] {"displayName", "householdSize", "email", "phone"}) {
      values.put(field, form.get(field));
    }
    values.put("consent", "yes".equals(form.get("consent")));
    String language = pages.language(ctx);
    RegistrationRequest request;
    try {
      request = new RegistrationRequest(form.get("displayName"), form.get("email"), form.get("phone"),
          householdSize(form.get("householdSize")), "yes".equals(form.get("consent")), language);
    } catch (InvalidFieldException invalid) {
      refuse(ctx, sessionId, formKey, values, Map.of(invalid.field(), message(language, invalid)), null);
      return;
    }
    registrations.register(sessionId, request, validKey(formKey))
        .onSuccess(registered -> ctx.response().setStatusCode(303)
            .putHeader(HttpHeaders.LOCATION, "/r/" + registered.manageToken()).end())
        .onFailure(failure -> {
          if (failure instanceof ProblemException problem && problem.problem().status() == 409) {
            // Closed meanwhile: the page says why, in the visitor's language.
            sessionPages.renderSession(ctx, sessionId, 409, Map.of()).onFailure(ctx::fail);
          } else if (failure instanceof ProblemException problem && "Idempotency-Key".equals(problem.problem().field())) {
            refuse(ctx, sessionId, null, values, Map.of(), pages.messages().get(language, "register_error_resubmitted"));
          } else if (failure instanceof InvalidFieldException invalid) {
            refuse(ctx, sessionId, formKey, values, Map.of(invalid.field(), message(language, invalid)), null);
          } else {
            ctx.fail(failure);
          }
        });
  }

  private void refuse(RoutingContext ctx, UUID sessionId, String formKey, Map<String, Object> values,
      Map<String, String> errors, String problem) {
    Form form = new Form(true, null, validKey(formKey) == null ? UUID.randomUUID().toString() : formKey,
        values, errors, problem);
    sessionPages.renderSession(ctx, sessionId, 422, Map.of("registration", form)).onFailure(ctx::fail);
  }

  private void managePage(RoutingContext ctx) {
    renderManage(ctx, registrations.byManageLink(ctx.pathParam("manage")), 200, null);
  }

  private void cancel(RoutingContext ctx) {
    String manage = ctx.pathParam("manage");
    registrations.cancelByManageToken(manage)
        .onSuccess(done -> ctx.response().setStatusCode(303).putHeader(HttpHeaders.LOCATION, "/r/" + manage).end())
        .onFailure(failure -> {
          if (failure instanceof ProblemException problem && problem.problem().status() == 409) {
            // The class ended while the page was open: the page again, saying why nothing was cancelled.
            renderManage(ctx, registrations.byManageToken(manage), 409, "manage_cancel_over");
          } else {
            ctx.fail(failure);
          }
        });
  }

  /** The family's page, with {@code notice} (a message key, or null) said above all else. */
  private void renderManage(RoutingContext ctx, Future<RegistrationService.Registered> found, int status,
      String notice) {
    found.map(registered -> {
      // The family's page speaks the language it registered in, unless the reader picks another on the page.
      Pages.prefer(ctx, registered.registration().details().language());
      return registered;
    }).compose(registered -> Future.all(registrations.positionInQueue(registered.registration()),
        sittings.of(registered.session()), registrations.isErased(registered.registration()),
        replayOf(registered)).compose(done -> {
      String language = pages.language(ctx);
      Locale locale = Messages.locale(language);
      Session session = registered.session();
      int position = done.resultAt(0);
      List<SessionSitting> all = done.resultAt(1);
      Instant now = clock.instant();
      // The next sitting that takes place: a called-off one is not where the family is expected.
      SessionSitting next = all.stream().filter(s -> s.state() != SittingState.CANCELLED && !s.isDoneAt(now))
          .findFirst().orElse(all.get(all.size() - 1));
      Map<String, Object> model = new HashMap<>();
      // Over: no place waits any more, no link to open, nothing to cancel; started: the link opens it now.
      model.put("progress", SittingService.progress(all, now).name());
      if (notice != null) {
        model.put("notice", pages.messages().get(language, notice));
      }
      model.put("title", session.draft().title());
      model.put("when", sessionPages.whenLabel(next.occurrence(), locale));
      model.put("recurring", session.draft().recurrence() != null);
      model.put("status", registered.registration().status().name());
      model.put("dataErased", done.resultAt(2));
      model.put("waitlistText", MessageFormat.format(pages.messages().get(language, "manage_waitlisted"), position));
      // The short link where there is one: it fits an SMS, and its QR code is small enough for any camera.
      String joinUrl = registered.shortJoinUrl() == null ? links.url(registered.joinToken())
          : registered.shortJoinUrl();
      String joinPath = joinUrl.substring(joinUrl.lastIndexOf("/j/"));
      // The button speaks the language they registered in; the link to copy is the one their SMS and e-mail
      // give, short enough to type.
      String inTheirLanguage = "?lang=" + registered.registration().details().language();
      model.put("joinPath", joinPath);
      model.put("joinHref", joinPath + inTheirLanguage);
      model.put("joinUrl", joinUrl);
      model.put("manageUrl", registered.shortManageUrl());
      model.put("manageToken", registered.manageToken());
      Optional<JoinReplays.Replay> replay = done.resultAt(3);
      ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
      if (replay.isPresent() && !Boolean.TRUE.equals(done.resultAt(2))) {
        model.put("replay", JoinPages.replayModel(registered.joinToken(), replay.get(), locale));
        // The same device choice of a small connection as the join page's, without keeping the token itself.
        model.put("linkKey", replay.get().linkKey());
        return pages.renderWithMediaSource(ctx, status, "registration", model);
      }
      return pages.render(ctx, status, "registration", model);
    })).onFailure(ctx::fail);
  }

  /** The replay of a broadcast class the family registered to: what its join link opens, once a sitting ended. */
  private Future<Optional<JoinReplays.Replay>> replayOf(RegistrationService.Registered registered) {
    return registered.session().draft().videoMode() == VideoMode.BROADCAST
        && registered.registration().status() == RegistrationStatus.CONFIRMED
        ? replays.of(registered.joinToken()) : Future.succeededFuture(Optional.empty());
  }

  /** A field's error in the visitor's language; the developer's message for a field the page does not show. */
  private String message(String language, InvalidFieldException invalid) {
    Map<String, String> texts = pages.messages().of(language);
    return texts.getOrDefault("register_error_" + invalid.field(), invalid.getMessage());
  }

  /** A household size as a form sends it: blank is one person. */
  static int householdSize(String value) {
    if (value == null || value.isBlank()) {
      return 1;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new InvalidFieldException("householdSize", "householdSize must be a number");
    }
  }

  /** A form key as the page made it (a UUID); anything else is no key. */
  private static String validKey(String key) {
    try {
      return key == null ? null : UUID.fromString(key).toString();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
