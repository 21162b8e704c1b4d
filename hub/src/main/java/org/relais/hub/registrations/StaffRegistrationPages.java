package org.relais.hub.registrations;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.text.MessageFormat;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.relais.hub.http.ProblemException;
import org.relais.hub.join.JoinLinks;
import org.relais.hub.join.QrCodes;
import org.relais.hub.pages.Messages;
import org.relais.hub.privacy.PrivacyLog;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionSitting;
import org.relais.hub.schedule.SittingService;
import org.relais.hub.staffapp.StaffArea;
import org.relais.hub.staffapp.StaffPages;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.hub.validation.InvalidFieldException;

/**
 * The registrations of a class, for the staff who run it: who has a home place and who waits (one list for
 * every sitting of a series, as a registration holds for the whole series), contact only where the family
 * consented; cancelling one (the first waiting family gets the place); a family's join link and QR code to
 * read out on the phone; registering a family on its behalf; and the list as a spreadsheet file. The role
 * rules are the service's, as for the API.
 */
public final class StaffRegistrationPages implements StaffArea.Section {
  /** One family in the lists, as the page shows it. */
  public record Row(String id, String name, int householdSize, String registeredAt, String status,
      String statusLabel, Integer position, String email, String phone, String phoneShown, boolean consent,
      String language) {}

  /** One date of the class with its state. */
  public record SittingLine(String date, String time, String state, String stateLabel) {}

  private static final List<String> FORM_FIELDS = List.of("displayName", "householdSize", "phone", "email",
      "language");

  private final RegistrationService registrations;
  private final SittingService sittings;
  private final JoinLinks links;
  private final StaffPages pages;
  private final PrivacyLog privacyLog;
  private final ZoneId zone;
  private final Clock clock;

  public StaffRegistrationPages(RegistrationService registrations, SittingService sittings, JoinLinks links,
      StaffPages pages, PrivacyLog privacyLog, Clock clock) {
    this.registrations = registrations;
    this.sittings = sittings;
    this.links = links;
    this.pages = pages;
    this.privacyLog = privacyLog;
    this.zone = sittings.zone();
    this.clock = clock;
  }

  @Override
  public void mount(Router staff) {
    staff.get("/classes/:id/registrations").handler(this::listPage);
    staff.get("/classes/:id/registrations.csv").handler(this::csv);
    staff.get("/classes/:id/registrations/new").handler(this::newPage);
    staff.post("/classes/:id/registrations").handler(this::register);
    staff.get("/classes/:id/registrations/:rid").handler(this::familyPage);
    staff.get("/classes/:id/registrations/:rid/qr.svg").handler(this::qr);
    staff.get("/classes/:id/registrations/:rid/cancel").handler(this::cancelPage);
    staff.post("/classes/:id/registrations/:rid/cancel").handler(this::cancel);
  }

  private void listPage(RoutingContext ctx) {
    withClass(ctx, classId -> {
      String language = pages.language(ctx);
      Locale locale = Messages.locale(language);
      registrations.rosterForStaff(StaffPages.principal(ctx), classId)
          .compose(roster -> sittings.of(roster.session()).compose(all -> {
            List<Row> rows = rows(ctx, roster);
            Map<String, Object> model = classModel(roster.session(), locale);
            model.put("confirmed", rows.stream().filter(r -> r.status().equals("CONFIRMED")).toList());
            model.put("waiting", rows.stream().filter(r -> r.status().equals("WAITLISTED")).toList());
            model.put("cancelled", rows.stream().filter(r -> r.status().equals("CANCELLED")).toList());
            model.put("people", rows.stream().filter(r -> r.status().equals("CONFIRMED"))
                .mapToInt(Row::householdSize).sum());
            model.put("sittings", all.stream().map(s -> sittingLine(ctx, s, locale)).toList());
            model.put("closed", closedText(ctx, roster.session()));
            outcome(ctx, roster).ifPresent(text -> model.put("outcome", text));
            return pages.render(ctx, 200, "staff-registrations-list", model);
          }))
          .onFailure(ctx::fail);
    });
  }

  /** After a cancellation, who lost their place and who got it, in words. */
  private Optional<String> outcome(RoutingContext ctx, RegistrationService.Roster roster) {
    Optional<Registration> cancelled = registrationParam(ctx, "cancelled").flatMap(roster::find);
    if (cancelled.isEmpty()) {
      return Optional.empty();
    }
    String text = MessageFormat.format(pages.text(ctx, "staff_registrations_outcome_cancelled"),
        cancelled.get().details().displayName());
    Optional<Registration> promoted = registrationParam(ctx, "promoted").flatMap(roster::find);
    if (promoted.isPresent()) {
      text += " " + MessageFormat.format(pages.text(ctx, "staff_registrations_outcome_promoted"),
          promoted.get().details().displayName());
    }
    return Optional.of(text);
  }

  private void csv(RoutingContext ctx) {
    withClass(ctx, classId -> {
      String language = pages.language(ctx);
      StaffPrincipal me = StaffPages.principal(ctx);
      // An export of families' names and contacts: who took it and when is kept for the centre's DPO.
      registrations.rosterForStaff(me, classId).compose(roster -> privacyLog.staff(me.id(),
          PrivacyLog.Action.REGISTRATIONS_EXPORTED, roster.session().draft().centreId(), "class=" + classId,
          "registrations=" + roster.registrations().size()).map(roster)).onSuccess(roster -> {
        String file = RegistrationCsv.of(roster, key -> pages.text(ctx, key), RegistrationCsv.separator(language),
            zone);
        String name = "inscriptions-" + slug(roster.session().draft().title()) + "-"
            + roster.session().draft().start().atZone(zone).toLocalDate() + ".csv";
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/csv; charset=utf-8")
            .putHeader("Content-Disposition", "attachment; filename=\"" + name + "\"")
            .end(file);
      }).onFailure(ctx::fail);
    });
  }

  private void newPage(RoutingContext ctx) {
    withClass(ctx, classId -> {
      Map<String, Object> values = new HashMap<>(Map.of("householdSize", "1", "language", pages.language(ctx)));
      renderForm(ctx, classId, 200, UUID.randomUUID().toString(), values, Map.of(), null);
    });
  }

  private void renderForm(RoutingContext ctx, UUID classId, int status, String formKey, Map<String, Object> values,
      Map<String, String> errors, String problem) {
    Locale locale = Messages.locale(pages.language(ctx));
    // Read through the service, so a member who does not run the class sees no form.
    registrations.rosterForStaff(StaffPages.principal(ctx), classId).compose(roster -> {
      Map<String, Object> model = classModel(roster.session(), locale);
      model.put("closed", closedText(ctx, roster.session()));
      model.put("formKey", formKey);
      model.put("values", values);
      model.put("errors", errors);
      model.put("problem", problem);
      model.put("languages", Messages.LANGUAGES.stream().map(code -> Map.of("code", code,
          "name", capitalize(Locale.forLanguageTag(code).getDisplayLanguage(locale)))).toList());
      return pages.render(ctx, status, "staff-registrations-new", model);
    }).onFailure(ctx::fail);
  }

  private void register(RoutingContext ctx) {
    withClass(ctx, classId -> {
      MultiMap form = ctx.request().formAttributes();
      Map<String, Object> values = new LinkedHashMap<>();
      FORM_FIELDS.forEach(field -> values.put(field, form.get(field)));
      boolean consent = "yes".equals(form.get("consent"));
      values.put("consent", consent);
      String formKey = validKey(form.get("idempotencyKey"));
      String key = formKey == null ? UUID.randomUUID().toString() : formKey;
      RegistrationRequest request;
      try {
        request = new RegistrationRequest(form.get("displayName"), form.get("email"), form.get("phone"),
            RegistrationPages.householdSize(form.get("householdSize")), consent, language(form.get("language")));
      } catch (InvalidFieldException invalid) {
        renderForm(ctx, classId, 422, key, values, fieldError(ctx, invalid), null);
        return;
      }
      registrations.registerByStaff(StaffPages.principal(ctx), classId, request, formKey)
          .onSuccess(registered -> StaffPages.redirect(ctx, familyPath(classId, registered.registration().id()),
              "family_registered"))
          .onFailure(failure -> {
            if (failure instanceof ProblemException problem && "Idempotency-Key".equals(problem.problem().field())) {
              renderForm(ctx, classId, 422, UUID.randomUUID().toString(), values, Map.of(),
                  pages.text(ctx, "staff_registrations_resubmitted"));
            } else if (failure instanceof ProblemException problem && problem.problem().status() == 409) {
              // Closed meanwhile: the form says why.
              renderForm(ctx, classId, 409, key, values, Map.of(), null);
            } else if (failure instanceof InvalidFieldException invalid) {
              renderForm(ctx, classId, 422, key, values, fieldError(ctx, invalid), null);
            } else {
              ctx.fail(failure);
            }
          });
    });
  }

  private void familyPage(RoutingContext ctx) {
    withFamily(ctx, (classId, registrationId) -> {
      Locale locale = Messages.locale(pages.language(ctx));
      StaffPrincipal me = StaffPages.principal(ctx);
      registrations.rosterForStaff(me, classId)
          .compose(roster -> roster.find(registrationId)
              .map(found -> registrations.linksForStaff(me, registrationId).compose(registered -> {
                Map<String, Object> model = classModel(roster.session(), locale);
                model.put("family", row(ctx, found, roster.waitingPositions().get(found.id()), locale));
                model.put("joinUrl", joinUrl(registered));
                // The family's own page (see, cancel, its data): read out on the phone when a family asks.
                model.put("manageUrl", registered.shortManageUrl() == null ? links.manageUrl(registered.manageToken())
                    : registered.shortManageUrl());
                model.put("qrPath", familyPath(classId, registrationId) + "/qr.svg");
                return pages.render(ctx, 200, "staff-registrations-family", model);
              }))
              .orElseGet(() -> Future.failedFuture(ProblemException.notFound("No such registration in this class"))))
          .onFailure(ctx::fail);
    });
  }

  /** The short link to read out or send (it fits an SMS); the long one for a registration made without one. */
  private String joinUrl(RegistrationService.Registered registered) {
    return registered.shortJoinUrl() == null ? links.url(registered.joinToken()) : registered.shortJoinUrl();
  }

  private void qr(RoutingContext ctx) {
    withFamily(ctx, (classId, registrationId) -> registrations.linksForStaff(StaffPages.principal(ctx), registrationId)
        .onSuccess(registered -> {
          if (!registered.session().id().equals(classId)) {
            ctx.fail(ProblemException.notFound("No such registration in this class"));
            return;
          }
          ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "image/svg+xml")
              .end(registered.shortJoinUrl() == null ? QrCodes.svg(links.url(registered.joinToken()))
                  : QrCodes.compactSvg(registered.shortJoinUrl().toUpperCase(Locale.ROOT)));
        })
        .onFailure(ctx::fail));
  }

  private void cancelPage(RoutingContext ctx) {
    withFamily(ctx, (classId, registrationId) -> {
      Locale locale = Messages.locale(pages.language(ctx));
      registrations.rosterForStaff(StaffPages.principal(ctx), classId)
          .compose(roster -> roster.find(registrationId).map(found -> {
            Map<String, Object> model = classModel(roster.session(), locale);
            model.put("family", row(ctx, found, roster.waitingPositions().get(found.id()), locale));
            boolean someoneWaits = roster.registrations().stream()
                .anyMatch(r -> r.status() == RegistrationStatus.WAITLISTED);
            model.put("consequence", pages.text(ctx, found.status() != RegistrationStatus.CONFIRMED
                ? "staff_registrations_cancel_frees_nothing"
                : someoneWaits ? "staff_registrations_cancel_promotes" : "staff_registrations_cancel_frees"));
            return pages.render(ctx, 200, "staff-registrations-cancel", model);
          }).orElseGet(() -> Future.failedFuture(ProblemException.notFound("No such registration in this class"))))
          .onFailure(ctx::fail);
    });
  }

  private void cancel(RoutingContext ctx) {
    withFamily(ctx, (classId, registrationId) -> {
      StaffPrincipal me = StaffPages.principal(ctx);
      registrations.rosterForStaff(me, classId)
          .compose(roster -> roster.find(registrationId).isPresent() ? registrations.cancelByStaff(me, registrationId)
              : Future.failedFuture(ProblemException.notFound("No such registration in this class")))
          .onSuccess(done -> StaffPages.redirect(ctx, listPath(classId) + "?cancelled=" + registrationId
              + done.promoted().map(p -> "&promoted=" + p.id()).orElse(""), null))
          .onFailure(ctx::fail);
    });
  }

  private Map<String, Object> classModel(Session session, Locale locale) {
    Map<String, Object> model = new HashMap<>();
    model.put("classId", session.id().toString());
    model.put("title", session.draft().title());
    model.put("recurring", session.draft().recurrence() != null);
    model.put("capacity", session.draft().homeCapacity());
    model.put("listPath", listPath(session.id()));
    model.put("firstDate", capitalize(DateTimeFormatter.ofLocalizedDate(FormatStyle.FULL).withLocale(locale)
        .format(session.draft().start().atZone(zone))));
    return model;
  }

  /** Why the class takes no more registrations, if it does not. */
  private String closedText(RoutingContext ctx, Session session) {
    return RegistrationService.closedReason(session, zone, clock.instant())
        .map(reason -> pages.text(ctx, "staff_registrations_closed_" + reason.name())).orElse(null);
  }

  private List<Row> rows(RoutingContext ctx, RegistrationService.Roster roster) {
    Locale locale = Messages.locale(pages.language(ctx));
    Map<UUID, Integer> positions = roster.waitingPositions();
    return roster.registrations().stream().map(r -> row(ctx, r, positions.get(r.id()), locale)).toList();
  }

  private Row row(RoutingContext ctx, Registration r, Integer position, Locale locale) {
    RegistrationRequest d = r.details();
    // Contact data is shown only where the family said yes to keeping it.
    return new Row(r.id().toString(), d.displayName(), d.householdSize(), dateTime(r.createdAt(), locale),
        r.status().name(), pages.text(ctx, "staff_registrations_status_" + r.status().name()), position,
        d.consent() ? d.email() : null, d.consent() ? d.phone() : null,
        d.consent() && d.phone() != null ? PhoneNumbers.forDialling(d.phone(), RegistrationRequest.PHONE_REGION) : null,
        d.consent(),
        capitalize(Locale.forLanguageTag(d.language()).getDisplayLanguage(locale)));
  }

  private SittingLine sittingLine(RoutingContext ctx, SessionSitting s, Locale locale) {
    DateTimeFormatter time = DateTimeFormatter.ofPattern("HH:mm", locale);
    return new SittingLine(
        capitalize(DateTimeFormatter.ofLocalizedDate(FormatStyle.FULL).withLocale(locale).format(s.date())),
        time.format(s.start().atZone(zone)) + " – " + time.format(s.end().atZone(zone)),
        s.state().name(), pages.text(ctx, "staff_registrations_sitting_" + s.state().name()));
  }

  private String dateTime(Instant instant, Locale locale) {
    return DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale).format(instant.atZone(zone))
        + " " + DateTimeFormatter.ofPattern("HH:mm", locale).format(instant.atZone(zone));
  }

  private Map<String, String> fieldError(RoutingContext ctx, InvalidFieldException invalid) {
    String field = FORM_FIELDS.contains(invalid.field()) || "consent".equals(invalid.field()) ? invalid.field()
        : "displayName";
    return Map.of(field, pages.fieldError(ctx, "staff_registrations_error", invalid));
  }

  private static void withClass(RoutingContext ctx, Consumer<UUID> then) {
    id(ctx, "id").ifPresent(then);
  }

  private interface FamilyHandler {
    void handle(UUID classId, UUID registrationId);
  }

  private static void withFamily(RoutingContext ctx, FamilyHandler then) {
    id(ctx, "id").ifPresent(classId -> id(ctx, "rid")
        .ifPresent(registrationId -> then.handle(classId, registrationId)));
  }

  /** The id in path parameter {@code name}; a malformed one is an unknown page (and these paths are all ours). */
  private static Optional<UUID> id(RoutingContext ctx, String name) {
    try {
      return Optional.of(UUID.fromString(ctx.pathParam(name)));
    } catch (IllegalArgumentException e) {
      ctx.fail(ProblemException.notFound("No such page"));
      return Optional.empty();
    }
  }

  private static Optional<UUID> registrationParam(RoutingContext ctx, String name) {
    try {
      String value = ctx.request().getParam(name);
      return value == null ? Optional.empty() : Optional.of(UUID.fromString(value));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String listPath(UUID classId) {
    return "/staff/classes/" + classId + "/registrations";
  }

  private static String familyPath(UUID classId, UUID registrationId) {
    return listPath(classId) + "/" + registrationId;
  }

  /** One of the languages the messages are written in; the form offers no other. */
  private static String language(String value) {
    if (value == null || !Messages.LANGUAGES.contains(value)) {
      throw new InvalidFieldException("language", "language must be one the messages are written in");
    }
    return value;
  }

  /** A form key as the page made it (a UUID); anything else is no key. */
  private static String validKey(String key) {
    try {
      return key == null ? null : UUID.fromString(key).toString();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The title in plain letters, digits and dashes, for a file name any PC accepts. */
  static String slug(String title) {
    String plain = Normalizer.normalize(title, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
        .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    return plain.isEmpty() ? "cours" : plain.substring(0, Math.min(plain.length(), 40));
  }

  private static String capitalize(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
