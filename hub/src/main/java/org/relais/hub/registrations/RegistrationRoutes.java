package org.relais.hub.registrations;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.LanguageHeader;
import io.vertx.ext.web.RoutingContext;
import org.relais.hub.http.Api;
import org.relais.hub.http.ApiRouter;
import org.relais.hub.join.JoinLinks;
import org.relais.hub.pages.Messages;
import org.relais.hub.privacy.PrivacyLog;
import org.relais.hub.schedule.SessionJson;
import org.relais.hub.staff.StaffPrincipal;

/** Registering from home (public), managing it through the private link, and the staff's view. */
public final class RegistrationRoutes implements ApiRouter.Feature {
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  private final RegistrationService registrations;
  private final JoinLinks links;
  private final SessionJson sessionJson;
  private final PrivacyLog privacyLog;

  public RegistrationRoutes(RegistrationService registrations, JoinLinks links, SessionJson sessionJson,
      PrivacyLog privacyLog) {
    this.registrations = registrations;
    this.links = links;
    this.sessionJson = sessionJson;
    this.privacyLog = privacyLog;
  }

  @Override
  public void bind(ApiRouter api) {
    api.publicOperation("registerForSession", this::register)
        .publicOperation("getRegistration", ctx -> Api.respond(ctx, 200, () ->
            registrations.byManageToken(ctx.pathParam("manageToken")).compose(this::detail)))
        .publicOperation("cancelRegistration", ctx -> Api.respond(ctx, 200, () ->
            registrations.cancelByManageToken(ctx.pathParam("manageToken")).compose(this::detail)))
        .staffOperation("listRegistrations", ctx -> Api.respond(ctx, 200, () -> exported(ctx)))
        .staffOperation("cancelRegistrationByStaff", ctx -> Api.respond(ctx, 200, () ->
            registrations.cancelByStaff(StaffPrincipal.of(ctx), Api.pathId(ctx, "registrationId"))
                .map(cancellation -> forStaff(cancellation.cancelled()))));
  }

  /** The families of a class as the API exports them; who took them and when is kept for the centre's DPO. */
  private Future<JsonObject> exported(RoutingContext ctx) {
    StaffPrincipal actor = StaffPrincipal.of(ctx);
    return registrations.rosterForStaff(actor, Api.pathId(ctx, "sessionId"))
        .compose(roster -> privacyLog.staff(actor.id(), PrivacyLog.Action.REGISTRATIONS_EXPORTED,
            roster.session().draft().centreId(), "class=" + roster.session().id(),
            "registrations=" + roster.registrations().size()).map(roster))
        .map(roster -> new JsonObject().put("items", new JsonArray(roster.registrations().stream()
            .map(this::forStaff).toList())).putNull("next"));
  }

  private void register(RoutingContext ctx) {
    Api.respond(ctx, 201, () -> registrations.register(Api.pathId(ctx, "sessionId"),
            RegistrationRequest.fromJson(withLanguage(ctx, Api.body(ctx))), ctx.request().getHeader(IDEMPOTENCY_KEY))
        .compose(this::answer));
  }

  /**
   * A registration that names no language is written to in the language its client asks for
   * (Accept-Language) when the pages speak it, as a registration made on a page is in the page's language.
   */
  private static JsonObject withLanguage(RoutingContext ctx, JsonObject body) {
    if (body == null || body.getValue("language") != null) {
      return body;
    }
    return ctx.acceptableLanguages().stream().map(LanguageHeader::tag).filter(Messages.LANGUAGES::contains)
        .findFirst().map(language -> body.copy().put("language", language)).orElse(body);
  }

  /** The answer of a registration: its state and every link the family needs. */
  Future<JsonObject> answer(RegistrationService.Registered registered) {
    return registrations.positionInQueue(registered.registration()).map(position -> {
      JsonObject json = new JsonObject()
          .put("id", registered.registration().id().toString())
          .put("status", registered.registration().status().name())
          .put("joinUrl", links.url(registered.joinToken()))
          .put("qrUrl", links.qrSvgUrl(registered.joinToken()))
          .put("qrPngUrl", links.qrPngUrl(registered.joinToken()))
          .put("icsUrl", links.calendarUrl(registered.joinToken()))
          .put("manageUrl", links.manageUrl(registered.manageToken()));
      if (registered.shortJoinUrl() != null) {
        json.put("shortJoinUrl", registered.shortJoinUrl()).put("shortManageUrl", registered.shortManageUrl());
      }
      if (position > 0) {
        json.put("waitlistPosition", position);
      }
      return json;
    });
  }

  private Future<JsonObject> detail(RegistrationService.Registered registered) {
    RegistrationRequest details = registered.registration().details();
    return answer(registered).map(json -> json
        .put("displayName", details.displayName())
        .put("householdSize", details.householdSize())
        .put("session", new JsonObject()
            .put("id", registered.session().id().toString())
            .put("title", registered.session().draft().title())
            .put("start", sessionJson.instant(registered.session().draft().start()))
            .put("end", sessionJson.instant(registered.session().draft().end()))));
  }

  private JsonObject forStaff(Registration r) {
    RegistrationRequest d = r.details();
    return new JsonObject()
        .put("id", r.id().toString())
        .put("sessionId", r.sessionId().toString())
        .put("displayName", d.displayName())
        // No contact field without consent, whatever the row holds.
        .put("email", d.consent() ? d.email() : null)
        .put("phone", d.consent() ? d.phone() : null)
        .put("householdSize", d.householdSize())
        .put("language", d.language())
        .put("status", r.status().name())
        .put("createdAt", sessionJson.instant(r.createdAt()));
  }
}
