package org.relais.hub.households;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.text.MessageFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.relais.hub.http.ProblemException;
import org.relais.hub.outbox.StatusWords;
import org.relais.hub.pages.Messages;
import org.relais.hub.privacy.PrivacyLog;
import org.relais.hub.registrations.PhoneNumbers;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.hub.staffapp.StaffArea;
import org.relais.hub.staffapp.StaffPages;

/**
 * The households off the radar, for coordinators (their centres) and admins (the network): the list for N weeks,
 * "contacté" marks, invitations to the next classes of their theme (by SMS or e-mail), the list to call,
 * printable; a household's page, its data downloaded or erased on the family's request. Every page that shows households is logged.
 */
public final class StaffHouseholdPages implements StaffArea.Section {
  /** One household as the pages show it: contact only where the family consented. */
  public record Row(String ref, String name, String lastClass, String centre, String lastSeen, String sittings,
      String theme, String phone, String phoneShown, String email, String contactedBy, String contactedAt,
      String noContact, String inviteBy, String invitedAt, String invitedBy, String invitedHow, String invitationState,
      boolean invitationNotSent, String stillRegistered) {}

  private static final Pattern REF = Pattern.compile("[0-9a-f]{64}");
  private static final String DIALLING_REGION = "FR";
  /** Rows one page shows: a network's list can run to thousands, which no one reads on a phone. */
  static final int SHOWN = 300;

  private final OffRadar offRadar;
  private final HouseholdRights rights;
  private final Invitations invitations;
  private final PrivacyLog log;
  private final StaffPages pages;
  private final ZoneId zone;

  public StaffHouseholdPages(OffRadar offRadar, HouseholdRights rights, Invitations invitations, PrivacyLog log,
      StaffPages pages, ZoneId zone) {
    this.offRadar = offRadar;
    this.rights = rights;
    this.invitations = invitations;
    this.log = log;
    this.pages = pages;
    this.zone = zone;
  }

  @Override
  public void mount(Router staff) {
    staff.get("/households").handler(this::listPage);
    staff.get("/households/calls").handler(this::callsPage);
    staff.get("/households/:ref").handler(this::householdPage);
    staff.post("/households/:ref/contacted").handler(this::contacted);
    staff.post("/households/:ref/invite").handler(this::invite);
    staff.get("/households/:ref/data.json").handler(this::download);
    staff.get("/households/:ref/erase").handler(this::erasePage);
    staff.post("/households/:ref/erase").handler(this::erase);
  }

  private void listPage(RoutingContext ctx) {
    withWeeks(ctx, weeks -> offRadar.list(StaffPages.principal(ctx), weeks, PrivacyLog.Action.OFF_RADAR_VIEWED)
        .compose(lines -> {
          Map<String, Object> model = new HashMap<>();
          model.put("weeks", weeks);
          model.put("total", lines.size());
          model.put("rows", rows(ctx, lines.subList(0, Math.min(SHOWN, lines.size()))));
          if (lines.size() > SHOWN) {
            model.put("more", MessageFormat.format(pages.text(ctx, "staff_households_more"), SHOWN, lines.size()));
          }
          model.put("minSittings", OffRadar.MIN_SITTINGS);
          return pages.render(ctx, 200, "staff-households-list", model);
        })
        .onFailure(ctx::fail));
  }

  private void callsPage(RoutingContext ctx) {
    withWeeks(ctx, weeks -> offRadar.list(StaffPages.principal(ctx), weeks, PrivacyLog.Action.CALL_LIST_PRINTED,
            household -> household.phone().isPresent())
        .compose(toCall -> {
          Map<String, Object> model = new HashMap<>();
          model.put("weeks", weeks);
          model.put("rows", rows(ctx, toCall));
          return pages.render(ctx, 200, "staff-households-calls", model);
        })
        .onFailure(ctx::fail));
  }

  private void householdPage(RoutingContext ctx) {
    withRef(ctx, ref -> {
      StaffPrincipal me = StaffPages.principal(ctx);
      rights.forStaff(me, ref).compose(household -> log.staff(me.id(), PrivacyLog.Action.HOUSEHOLD_VIEWED,
              household.lastMember().centreId(), "household=" + HouseholdRights.shortRef(ref), null)
          .compose(logged -> {
            Locale locale = Messages.locale(pages.language(ctx));
            Map<String, Object> model = new HashMap<>();
            model.put("household", row(ctx, household, null, household.lastSeen().map(seen ->
                date(seen, locale)).orElse(null)));
            model.put("logRef", HouseholdRights.shortRef(ref));
            model.put("registrations", household.members().stream().map(m -> Map.of(
                "classTitle", m.classTitle(), "centre", m.centreName(),
                "status", pages.text(ctx, "staff_households_status_" + m.status()),
                "registeredAt", date(m.registeredAt(), locale))).toList());
            model.put("weeks", weeksParam(ctx));
            return pages.render(ctx, 200, "staff-households-household", model);
          }))
          .onFailure(ctx::fail);
    });
  }

  private void contacted(RoutingContext ctx) {
    withRef(ctx, ref -> offRadar.markContacted(StaffPages.principal(ctx), ref)
        .onSuccess(done -> StaffPages.redirect(ctx, "/staff/households?weeks=" + weeksParam(ctx),
            "household_contacted"))
        .onFailure(ctx::fail));
  }

  private void invite(RoutingContext ctx) {
    withRef(ctx, ref -> invitations.invite(StaffPages.principal(ctx), ref)
        .onSuccess(outcome -> StaffPages.redirect(ctx, "/staff/households?weeks=" + weeksParam(ctx),
            "household_invite_" + outcome.name().toLowerCase(Locale.ROOT)))
        .onFailure(ctx::fail));
  }

  private void download(RoutingContext ctx) {
    withRef(ctx, ref -> rights.downloadForStaff(StaffPages.principal(ctx), ref)
        .onSuccess(json -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
            .putHeader("Content-Disposition", "attachment; filename=\"relais-foyer.json\"")
            .end(json.encodePrettily()))
        .onFailure(ctx::fail));
  }

  private void erasePage(RoutingContext ctx) {
    withRef(ctx, ref -> rights.forStaff(StaffPages.principal(ctx), ref).compose(household -> {
      Map<String, Object> model = new HashMap<>();
      model.put("household", row(ctx, household, null, null));
      model.put("registrations", household.members().size());
      return pages.render(ctx, 200, "staff-households-erase", model);
    }).onFailure(ctx::fail));
  }

  private void erase(RoutingContext ctx) {
    withRef(ctx, ref -> rights.eraseForStaff(StaffPages.principal(ctx), ref)
        .onSuccess(done -> StaffPages.redirect(ctx, "/staff/households", "household_erased"))
        .onFailure(ctx::fail));
  }

  private List<Row> rows(RoutingContext ctx, List<OffRadar.Line> lines) {
    Locale locale = Messages.locale(pages.language(ctx));
    return lines.stream().map(line -> row(ctx, line.household(), line, date(line.lastSeen(), locale))).toList();
  }

  private Row row(RoutingContext ctx, Household household, OffRadar.Line line, String lastSeen) {
    Locale locale = Messages.locale(pages.language(ctx));
    Household.Member last = household.lastMember();
    Optional<HouseholdStore.Contacted> contacted = line == null ? Optional.empty() : line.contacted();
    Optional<HouseholdStore.Invited> invited = line == null ? Optional.empty() : line.invited();
    // An invitation's message is due when it is made: the time of asking never changes what is said of it.
    Optional<StatusWords> invitation = invited.flatMap(i -> i.message()
        .map(m -> StatusWords.of(m.status(), m.reason(), i.at(), i.at())));
    // The household's contact only as a member gave it with consent: Household never answers another.
    String phone = household.phone().orElse(null);
    return new Row(household.ref(), last.displayName(), last.classTitle(), last.centreName(), lastSeen,
        MessageFormat.format(pages.text(ctx, "staff_households_sittings"), household.sittings()),
        pages.text(ctx, "category_" + household.favouriteCategory()), phone,
        phone == null ? null : PhoneNumbers.forDialling(phone, DIALLING_REGION), household.email().orElse(null),
        contacted.map(HouseholdStore.Contacted::by).orElse(null),
        contacted.map(c -> date(c.at(), locale)).orElse(null), pages.text(ctx, noContactKey(household)),
        Invitations.recipient(household).map(r -> pages.text(ctx, "staff_households_invite_" + r.channel()))
            .orElse(null),
        invited.map(i -> date(i.at(), locale)).orElse(null), invited.map(HouseholdStore.Invited::by).orElse(null),
        invited.map(i -> pages.text(ctx, "staff_households_invited_" + i.channel())).orElse(null),
        invitation.map(words -> invitationState(ctx, words)).orElse(null),
        invitation.filter(StatusWords::notSent).isPresent(),
        Optional.ofNullable(line).flatMap(OffRadar.Line::stillRegistered)
            .map(title -> MessageFormat.format(pages.text(ctx, "staff_households_still_registered"), title))
            .orElse(null));
  }

  /** Whether the invitation's message is waiting, went, or will not go and why, in a line of the list. */
  private String invitationState(RoutingContext ctx, StatusWords words) {
    if (words.notSent()) {
      String why = words.reasonKey().map(key -> pages.text(ctx, "staff_deliveries_reason_" + key))
          .or(words::detail).orElse(pages.text(ctx, "staff_deliveries_reason_not_sent"));
      return MessageFormat.format(pages.text(ctx, "staff_households_invitation_not_sent"), why);
    }
    return pages.text(ctx, words.statusKey().equals("sent") || words.statusKey().equals("delivered")
        ? "staff_households_invitation_sent" : "staff_households_invitation_waiting");
  }

  /**
   * Why a household shows no contact: it gave none, or (data kept from before consent was asked) gave one without
   * agreeing to be contacted. "No consent" alone would read as a refusal the family never made.
   */
  static String noContactKey(Household household) {
    boolean gaveOne = household.members().stream().anyMatch(m -> m.phone() != null || m.email() != null);
    return gaveOne ? "staff_households_no_consent" : "staff_households_no_contact";
  }

  private String date(Instant at, Locale locale) {
    return DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale).format(at.atZone(zone));
  }

  /** The weeks asked for (4 when none): outside 1 to 104 the page says so next to the field. */
  private void withWeeks(RoutingContext ctx, Consumer<Integer> then) {
    String raw = ctx.request().getParam("weeks");
    int weeks;
    try {
      weeks = raw == null || raw.isBlank() ? OffRadar.DEFAULT_WEEKS : Integer.parseInt(raw.strip());
      OffRadar.requireWeeks(weeks);
    } catch (RuntimeException e) {
      Map<String, Object> model = new HashMap<>();
      model.put("weeks", raw);
      model.put("weeksError", pages.text(ctx, "staff_households_weeks_error"));
      model.put("rows", List.of());
      model.put("total", 0);
      model.put("minSittings", OffRadar.MIN_SITTINGS);
      pages.render(ctx, 422, "staff-households-list", model).onFailure(ctx::fail);
      return;
    }
    then.accept(weeks);
  }

  private static int weeksParam(RoutingContext ctx) {
    try {
      int weeks = Integer.parseInt(ctx.request().getParam("weeks", String.valueOf(OffRadar.DEFAULT_WEEKS)));
      OffRadar.requireWeeks(weeks);
      return weeks;
    } catch (RuntimeException e) {
      return OffRadar.DEFAULT_WEEKS;
    }
  }

  private static void withRef(RoutingContext ctx, Consumer<String> then) {
    String ref = ctx.pathParam("ref");
    if (ref == null || !REF.matcher(ref).matches()) {
      ctx.fail(ProblemException.notFound("No such household"));
      return;
    }
    then.accept(ref);
  }
}
