package org.relais.hub.deliveries;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.text.MessageFormat;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.relais.hub.http.ProblemException;
import org.relais.hub.outbox.Channel;
import org.relais.hub.outbox.FreeMessages;
import org.relais.hub.outbox.MessageKind;
import org.relais.hub.outbox.MessageStatus;
import org.relais.hub.outbox.Outbox;
import org.relais.hub.outbox.OutboxMessage;
import org.relais.hub.outbox.StatusWords;
import org.relais.hub.pages.Messages;
import org.relais.hub.registrations.PhoneNumbers;
import org.relais.hub.registrations.Registration;
import org.relais.hub.registrations.RegistrationRequest;
import org.relais.hub.registrations.RegistrationService;
import org.relais.hub.registrations.RegistrationStatus;
import org.relais.hub.reminders.Notices;
import org.relais.hub.reminders.SmsLength;
import org.relais.hub.schedule.Occurrence;
import org.relais.hub.schedule.Occurrences;
import org.relais.hub.staffapp.StaffArea;
import org.relais.hub.staffapp.StaffPages;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.hub.validation.InvalidFieldException;

/**
 * The messages of a class and of each sitting, with where each stands, for the staff who run the class; a family
 * whose message failed is listed first with the number to call instead (only where it agreed to give it). On a
 * sitting's page a coordinator writes a free message to its families: the form, a confirmation saying how many
 * families get it by SMS and by e-mail, then one write through the outbox (the form's token sends it once).
 */
public final class DeliveryPages implements StaffArea.Section {
  /** One message as the page shows it. */
  public record Row(String family, String kind, String channel, String status, String statusClass, String when,
      String reason, boolean failed, String recipient) {}

  /** A family to call, because a message to it failed. */
  public record ToCall(String family, String what, String phone, String tel) {}

  private final Deliveries deliveries;
  private final StaffPages pages;
  private final ZoneId zone;
  private final Clock clock;
  private final Notices notices;

  public DeliveryPages(Deliveries deliveries, StaffPages pages, Clock clock) {
    this.deliveries = deliveries;
    this.pages = pages;
    this.zone = deliveries.zone();
    this.clock = clock;
    this.notices = new Notices(zone);
  }

  @Override
  public void mount(Router staff) {
    staff.get("/classes/:id/messages").handler(ctx -> withClass(ctx, id -> page(ctx, id, Optional.empty(),
        200, Map.of())));
    staff.get("/classes/:id/sittings/:date/messages").handler(ctx -> withSitting(ctx, (id, date) ->
        page(ctx, id, Optional.of(date), 200, Map.of())));
    staff.post("/classes/:id/sittings/:date/messages").handler(ctx -> withSitting(ctx, (id, date) ->
        free(ctx, id, date)));
  }

  public static String classPath(UUID classId) {
    return "/staff/classes/" + classId + "/messages";
  }

  public static String sittingPath(UUID classId, LocalDate date) {
    return "/staff/classes/" + classId + "/sittings/" + date + "/messages";
  }

  private void page(RoutingContext ctx, UUID classId, Optional<LocalDate> date, int status,
      Map<String, Object> form) {
    StaffPrincipal me = StaffPages.principal(ctx);
    Locale locale = Messages.locale(pages.language(ctx));
    Instant now = clock.instant();
    deliveries.messages(me, classId, date).compose(found -> {
      Map<String, Object> model = new HashMap<>();
      var draft = found.roster().session().draft();
      model.put("classId", classId.toString());
      model.put("title", draft.title());
      model.put("classPath", classPath(classId));
      model.put("updatedAt", DateTimeFormatter.ofPattern("HH:mm:ss", locale).format(now.atZone(zone)));
      model.put("selfPath", ctx.request().path());
      found.sitting().ifPresent(s -> {
        model.put("sittingWhen", when(s.occurrence().start(), locale));
        model.put("sittingPath", sittingPath(classId, s.seriesDate()));
      });
      List<Row> rows = new ArrayList<>();
      List<ToCall> toCall = new ArrayList<>();
      Map<String, List<Row>> groups = new LinkedHashMap<>();
      for (Outbox.Listed listed : found.listed()) {
        OutboxMessage message = listed.message();
        Optional<Registration> family = found.family(message.registrationId());
        boolean consent = family.map(r -> r.details().consent()).orElse(false);
        Row row = row(ctx, listed, consent, found.optedOut().contains(message.id()), now, locale);
        rows.add(row);
        String group = message.sittingDate().map(d -> bySeriesDate(found, d, locale))
            .orElse(pages.text(ctx, "staff_deliveries_group_registration"));
        groups.computeIfAbsent(group, g -> new ArrayList<>()).add(row);
        if (row.failed() && toCall.stream().noneMatch(c -> c.family().equals(listed.displayName()))) {
          String phone = family.filter(r -> r.details().consent() && r.details().phone() != null)
              .map(r -> r.details().phone()).orElse(null);
          toCall.add(new ToCall(listed.displayName(), row.kind() + " · " + row.channel(),
              phone == null ? null : PhoneNumbers.forDialling(phone, RegistrationRequest.PHONE_REGION), phone));
        }
      }
      model.put("toCall", toCall);
      model.put("groups", groups.entrySet().stream()
          .map(e -> Map.<String, Object>of("heading", e.getKey(), "rows", e.getValue())).toList());
      model.put("count", rows.size());
      model.put("free", found.free().stream().map(f -> Map.of("text", f.body(),
          "when", when(f.createdAt(), locale))).toList());
      if (found.sitting().isEmpty()) {
        model.put("sittings", Occurrences.all(found.roster().session(), zone).stream()
            .map(o -> Map.of("when", when(o.start(), locale), "path", sittingPath(classId,
                Occurrences.seriesDate(found.roster().session(), o, zone)))).toList());
      }
      boolean canSend = found.sitting().isPresent() && me.coordinates(draft.centreId())
          && now.isBefore(found.sitting().get().occurrence().end());
      model.put("canSend", canSend);
      if (canSend) {
        Deliveries.Audience audience = Deliveries.audience(found.roster());
        model.put("audience", audienceText(ctx, audience));
        model.put("max", FreeMessages.MAX_LENGTH);
        model.put("smsFrame", smsFrame("fr", draft.title()).text());
        model.put("formToken", form.getOrDefault("formToken", UUID.randomUUID().toString()));
        model.put("text", form.getOrDefault("text", ""));
        model.put("urgent", form.getOrDefault("urgent", false));
      }
      model.put("error", form.get("error"));
      return pages.render(ctx, status, "staff-deliveries", model);
    }).onFailure(ctx::fail);
  }

  /** The free message: first the confirmation (how many, which parts), then the write; or the form again. */
  private void free(RoutingContext ctx, UUID classId, LocalDate date) {
    StaffPrincipal me = StaffPages.principal(ctx);
    MultiMap form = ctx.request().formAttributes();
    String raw = Optional.ofNullable(form.get("text")).orElse("");
    String token = validToken(form.get("formToken"));
    boolean urgent = form.get("urgent") != null;
    Map<String, Object> again = new HashMap<>(Map.of("text", raw, "formToken", token, "urgent", urgent));
    // Who may write is checked before the text is looked at: a refusal says nothing about the text.
    deliveries.audience(me, classId, date).onFailure(failure -> {
      if (failure instanceof InvalidFieldException over) {
        again.put("error", pages.fieldError(ctx, "staff_deliveries_error", over));
        page(ctx, classId, Optional.of(date), 422, again);
      } else {
        ctx.fail(failure);
      }
    }).onSuccess(audience -> {
      String text;
      try {
        text = Deliveries.text(raw);
      } catch (InvalidFieldException invalid) {
        again.put("error", pages.fieldError(ctx, "staff_deliveries_error", invalid));
        page(ctx, classId, Optional.of(date), 422, again);
        return;
      }
      switch (Optional.ofNullable(form.get("step")).orElse("")) {
        case "edit" -> page(ctx, classId, Optional.of(date), 200, again);
        case "send" -> deliveries.sendFree(me, classId, date, text, token, urgent)
            .onSuccess(sent -> StaffPages.redirect(ctx, sittingPath(classId, date),
                sent.repeated() ? "free_message_repeated" : "free_message_sent"))
            .onFailure(failure -> {
              if (failure instanceof InvalidFieldException invalid) {
                again.put("error", pages.fieldError(ctx, "staff_deliveries_error", invalid));
                page(ctx, classId, Optional.of(date), 422, again);
              } else {
                ctx.fail(failure);
              }
            });
        default -> confirm(ctx, classId, date, text, token, urgent, audience);
      }
    });
  }

  private void confirm(RoutingContext ctx, UUID classId, LocalDate date, String text, String token, boolean urgent,
      Deliveries.Audience audience) {
    Locale locale = Messages.locale(pages.language(ctx));
    deliveries.messages(StaffPages.principal(ctx), classId, Optional.of(date)).compose(found -> {
      Map<String, Object> model = new HashMap<>();
      model.put("title", found.roster().session().draft().title());
      model.put("sittingWhen", when(found.sitting().orElseThrow().occurrence().start(), locale));
      model.put("sittingPath", sittingPath(classId, date));
      model.put("text", text);
      model.put("formToken", token);
      model.put("urgent", urgent);
      model.put("parts", partsText(ctx, found.roster().session().draft().title(), text));
      model.put("arabicParts", readsArabic(found.roster()) ? MessageFormat.format(pages.text(ctx,
          "staff_deliveries_parts_arabic"), arabicParts(found.roster().session().draft().title(), text)) : null);
      model.put("audience", audienceText(ctx, audience));
      model.put("nobody", audience.bySms() + audience.byEmail() == 0);
      return pages.render(ctx, 200, "staff-deliveries-confirm", model);
    }).onFailure(ctx::fail);
  }

  private Row row(RoutingContext ctx, Outbox.Listed listed, boolean consent, boolean optedOut, Instant now,
      Locale locale) {
    OutboxMessage message = listed.message();
    StatusWords words = optedOut ? StatusWords.optedOut(message.channel()) : StatusWords.of(message, now);
    String reason = words.reasonKey().map(key -> pages.text(ctx, "staff_deliveries_reason_" + key)).orElse("");
    if (words.detail().isPresent()) {
      reason = reason.isEmpty() ? words.detail().get() : reason + " : " + words.detail().get();
    }
    // When it happened; for a message still waiting, when it will be tried.
    Instant at = message.status() == MessageStatus.PENDING ? message.nextAttemptAt() : message.updatedAt();
    String recipient = consent ? listed.recipient().map(r -> message.channel() == Channel.SMS
        ? PhoneNumbers.forDialling(r, RegistrationRequest.PHONE_REGION) : r).orElse(null) : null;
    return new Row(listed.displayName(), pages.text(ctx, "staff_deliveries_kind_" + message.kind().name()),
        pages.text(ctx, "staff_deliveries_channel_" + message.channel().name()),
        pages.text(ctx, "staff_deliveries_status_" + words.statusKey()), words.statusKey(), when(at, locale),
        reason, message.status() == MessageStatus.FAILED, recipient);
  }

  private String bySeriesDate(Deliveries.Messages found, LocalDate seriesDate, Locale locale) {
    return Occurrences.bySeriesDate(found.roster().session(), seriesDate, zone).map(Occurrence::start)
        .map(start -> when(start, locale))
        .orElse(DateTimeFormatter.ofLocalizedDate(FormatStyle.FULL).withLocale(locale).format(seriesDate));
  }

  private String audienceText(RoutingContext ctx, Deliveries.Audience audience) {
    return MessageFormat.format(pages.text(ctx, "staff_deliveries_audience"), audience.families(),
        audience.bySms(), audience.byEmail(), audience.unreachable());
  }

  /** Whether a confirmed family of the sitting, written to by SMS, reads the messages in Arabic. */
  private static boolean readsArabic(RegistrationService.Roster roster) {
    return roster.registrations().stream().anyMatch(r -> r.status() == RegistrationStatus.CONFIRMED
        && r.details().consent() && r.details().phone() != null && "ar".equals(r.details().language()));
  }

  /**
   * The SMS a family reads, the coordinator's words standing at {@code {message}}: the centre's name and the
   * family's link around them are not known here, and are counted at a generous length.
   */
  private Notices.Rendered smsFrame(String language, String title) {
    Notices.Facts facts = new Notices.Facts(title, Optional.empty(), "x".repeat(32), "",
        "https://relais.example.org/j/XXXX-XXXX-XXXX");
    return notices.render(MessageKind.FREE_MESSAGE, Channel.SMS, language, facts);
  }

  /** The parts of an Arabic family's copy: the notice's Arabic words make it UCS-2 (67 characters a part). */
  int arabicParts(String title, String text) {
    return SmsLength.parts(Notices.withMessage(smsFrame("ar", title), text).text());
  }

  private String partsText(RoutingContext ctx, String title, String text) {
    return MessageFormat.format(pages.text(ctx, SmsLength.isGsm7(text) ? "staff_deliveries_parts_gsm"
        : "staff_deliveries_parts_ucs"), text.length(),
        SmsLength.parts(Notices.withMessage(smsFrame("fr", title), text).text()));
  }

  private String when(Instant at, Locale locale) {
    String day = DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale).format(at.atZone(zone));
    return day + " " + DateTimeFormatter.ofPattern("HH:mm", locale).format(at.atZone(zone));
  }

  /** A form token as the page made it (a UUID); anything else gets a new one, so it cannot name another form. */
  private static String validToken(String token) {
    try {
      return token == null ? UUID.randomUUID().toString() : UUID.fromString(token).toString();
    } catch (IllegalArgumentException e) {
      return UUID.randomUUID().toString();
    }
  }

  private interface SittingHandler {
    void handle(UUID classId, LocalDate date);
  }

  private static void withClass(RoutingContext ctx, java.util.function.Consumer<UUID> then) {
    UUID classId;
    try {
      classId = UUID.fromString(ctx.pathParam("id"));
    } catch (IllegalArgumentException e) {
      ctx.fail(ProblemException.notFound("No such page"));
      return;
    }
    then.accept(classId);
  }

  private static void withSitting(RoutingContext ctx, SittingHandler then) {
    UUID classId;
    LocalDate date;
    try {
      classId = UUID.fromString(ctx.pathParam("id"));
      date = LocalDate.parse(ctx.pathParam("date"));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      ctx.fail(ProblemException.notFound("No such page"));
      return;
    }
    then.handle(classId, date);
  }
}
