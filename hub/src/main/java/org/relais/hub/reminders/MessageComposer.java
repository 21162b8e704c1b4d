package org.relais.hub.reminders;

import io.vertx.core.Future;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.relais.hub.centres.Centre;
import org.relais.hub.centres.CentreService;
import org.relais.hub.join.CalendarEvent;
import org.relais.hub.join.CalendarFiles;
import org.relais.hub.outbox.Channel;
import org.relais.hub.outbox.FreeMessages;
import org.relais.hub.outbox.MessageKind;
import org.relais.hub.outbox.Outbox;
import org.relais.hub.outbox.OutboxMessage;
import org.relais.hub.registrations.Registration;
import org.relais.hub.registrations.RegistrationStatus;
import org.relais.hub.registrations.RegistrationStore;
import org.relais.hub.schedule.Occurrence;
import org.relais.hub.schedule.Occurrences;
import org.relais.hub.schedule.ScheduleService;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionSitting;
import org.relais.hub.schedule.SittingService;
import org.relais.hub.sms.SmsLines;
import org.relais.hub.sms.SmsLine;
import org.relais.protocol.SessionStatus;
import org.relais.protocol.SittingState;

/**
 * Reads what a message is about as it is at delivery time (the registration, the sitting where it is now, the
 * centre), decides whether it is still to be sent, and renders it for its channel.
 */
public final class MessageComposer {
  /** A message ready to hand over, or the reason it is not sent. */
  public record Composed(Optional<String> skip, Optional<Instant> notBefore, Optional<Mailer.Mail> mail,
      Optional<SmsLine> line, Optional<String> phone, String text) {
    static Composed skipped(String reason) {
      return new Composed(Optional.of(reason), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
          "");
    }

    /** A reminder whose sitting was put later by a change of the whole series: its time is not come yet. */
    static Composed notBefore(Instant due) {
      return new Composed(Optional.empty(), Optional.of(due), Optional.empty(), Optional.empty(), Optional.empty(), "");
    }
  }

  private record Context(Registration registration, Session session, Centre centre, Optional<Occurrence> sitting,
      Optional<SittingState> state, String link) {}

  private final RegistrationStore registrations;
  private final ScheduleService schedule;
  private final SittingService sittings;
  private final CentreService centres;
  private final Outbox outbox;
  private final SmsLines lines;
  private final Notices notices;
  private final PersonalLinks links;
  private final Function<UUID, String> unsubscribeUrl;
  private final CalendarFiles calendars;
  private final ZoneId zone;

  public MessageComposer(RegistrationStore registrations, ScheduleService schedule, SittingService sittings,
      CentreService centres, Outbox outbox, SmsLines lines, Notices notices, PersonalLinks links,
      Function<UUID, String> unsubscribeUrl) {
    this.registrations = registrations;
    this.schedule = schedule;
    this.sittings = sittings;
    this.centres = centres;
    this.outbox = outbox;
    this.lines = lines;
    this.notices = notices;
    this.links = links;
    this.unsubscribeUrl = unsubscribeUrl;
    this.zone = schedule.zone();
    this.calendars = new CalendarFiles(zone);
  }

  public Future<Composed> compose(OutboxMessage message, Instant now) {
    return context(message, now).compose(context -> FreeMessages.textOf(outbox.pool(), message).compose(free -> {
      Optional<String> skip = skipReason(message, context, now);
      if (skip.isPresent()) {
        return Future.succeededFuture(Composed.skipped(skip.get()));
      }
      Optional<Instant> due = message.kind().leadTime().flatMap(lead -> context.sitting()
          .map(sitting -> sitting.start().minus(lead)));
      if (due.isPresent() && now.isBefore(due.get().minus(Outbox.LATE_GRACE))) {
        return Future.succeededFuture(Composed.notBefore(due.get()));
      }
      var details = context.registration().details();
      Notices.Facts facts = new Notices.Facts(context.session().draft().title(),
          context.sitting().map(Occurrence::start), context.centre().name(),
          Optional.ofNullable(context.centre().phone()).orElse(""), context.link());
      Notices.Rendered notice = notices.render(message.kind(), message.channel(), details.language(), facts);
      Notices.Rendered rendered = free.map(text -> Notices.withMessage(notice, text)).orElse(notice);
      if (message.channel() == Channel.EMAIL) {
        return outbox.isUnsubscribed(details.email()).map(unsubscribed -> unsubscribed
            ? Composed.skipped("unsubscribed")
            : new Composed(Optional.empty(), Optional.empty(), Optional.of(new Mailer.Mail(message.idempotencyKey(), details.email(),
                rendered.subject(), rendered.text(), rendered.html(), calendar(message, context),
                unsubscribeUrl.apply(context.registration().id()))), Optional.empty(), Optional.empty(),
                rendered.text()));
      }
      return outbox.isOptedOut(details.phone()).compose(optedOut -> optedOut
          ? Future.succeededFuture(Composed.skipped("opted out"))
          : lines.forCentre(message.centreId()).map(line -> line
              .map(l -> new Composed(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(l),
                  Optional.of(details.phone()), rendered.text()))
              .orElseGet(() -> Composed.skipped("the centre sends no texts"))));
    }));
  }

  private Future<Context> context(OutboxMessage message, Instant now) {
    return registrations.find(registrations.pool(), message.registrationId(), false).compose(found -> {
      Registration registration = found.orElseThrow();
      return schedule.get(message.sessionId()).compose(session -> {
        // The sitting it is about, where it is held now; for a message about the whole series, the next one.
        Optional<Occurrence> sitting = message.sittingDate()
            .map(date -> Occurrences.bySeriesDate(session, date, zone))
            .orElseGet(() -> Occurrences.all(session, zone).stream().filter(o -> o.start().isAfter(now))
                .findFirst());
        Future<Optional<SittingState>> state = sitting.isEmpty() ? Future.succeededFuture(Optional.empty())
            : sittings.of(session).map(all -> all.stream()
                .filter(s -> s.start().equals(sitting.get().start())).findFirst().map(SessionSitting::state));
        return Future.all(state, centres.get(session.draft().centreId()), links.of(registration, session))
            .map(all -> new Context(registration, session, all.resultAt(1), sitting, all.resultAt(0),
                all.resultAt(2)));
      });
    });
  }

  private static Optional<String> skipReason(OutboxMessage message, Context context, Instant now) {
    var details = context.registration().details();
    if (!details.consent()) {
      return Optional.of("no consent");
    }
    if (message.channel() == Channel.EMAIL && details.email() == null) {
      return Optional.of("no e-mail address");
    }
    if (message.channel() == Channel.SMS && details.phone() == null) {
      return Optional.of("no phone number");
    }
    boolean aboutASitting = message.kind() != MessageKind.SERIES_CANCELLED
        && message.kind() != MessageKind.SITTING_CANCELLED;
    // The waiting-list notice is for a family still waiting; every other message for a family with a place.
    RegistrationStatus expected = message.kind() == MessageKind.WAITLISTED ? RegistrationStatus.WAITLISTED
        : RegistrationStatus.CONFIRMED;
    if (aboutASitting && context.registration().status() != expected) {
      return Optional.of("registration " + context.registration().status().name().toLowerCase());
    }
    if (message.kind().isReminder() || message.kind() == MessageKind.SITTING_MOVED) {
      if (context.session().status() == SessionStatus.CANCELLED
          || context.state().filter(s -> s == SittingState.CANCELLED).isPresent()) {
        return Optional.of("sitting cancelled");
      }
      if (context.sitting().isEmpty()) {
        return Optional.of("no such sitting");
      }
      Occurrence sitting = context.sitting().get();
      Instant tooLate = message.kind() == MessageKind.REMINDER_STARTING ? sitting.end() : sitting.start();
      if (!now.isBefore(tooLate)) {
        return Optional.of("too late: the sitting has begun");
      }
    }
    return Optional.empty();
  }

  /** The class's calendar file, with the confirmation (as the family's join page gives it). */
  private Optional<String> calendar(OutboxMessage message, Context context) {
    if (message.kind() != MessageKind.CONFIRMED && message.kind() != MessageKind.PLACE_GRANTED) {
      return Optional.empty();
    }
    Session session = context.session();
    List<Occurrence> all = Occurrences.all(session, zone);
    String description = session.draft().description() == null ? context.link()
        : session.draft().description() + "\n\n" + context.link();
    return Optional.of(calendars.write(new CalendarEvent(context.registration().tokenId() + "@relais",
        session.draft().title(), description, context.centre().name(), context.link(), all.get(0).start(),
        all.get(0).end(), session.draft().recurrence(), all.get(all.size() - 1).start())));
  }
}
