package org.relais.hub.reminders;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.relais.hub.centres.Centre;
import org.relais.hub.centres.CentreService;
import org.relais.hub.households.HouseholdStore;
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
import org.relais.hub.schedule.ClassPages;
import org.relais.hub.schedule.Occurrence;
import org.relais.hub.schedule.Occurrences;
import org.relais.hub.schedule.ScheduleService;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionSitting;
import org.relais.hub.schedule.SessionStore;
import org.relais.hub.schedule.SittingService;
import org.relais.hub.sms.SmsLines;
import org.relais.hub.sms.SmsLine;
import org.relais.protocol.Category;
import org.relais.protocol.SessionStatus;
import org.relais.protocol.SittingState;
import org.relais.protocol.VideoMode;

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

  /** How far ahead an invitation looks for classes of the theme, and how many it names. */
  static final Duration INVITATION_HORIZON = Duration.ofDays(42);
  static final int SMS_CLASSES = 2;
  static final int MAIL_CLASSES = 5;

  private record Context(Registration registration, Session session, Centre centre, Optional<Occurrence> sitting,
      Optional<SittingState> state, String link) {}

  private final RegistrationStore registrations;
  private final ScheduleService schedule;
  private final SittingService sittings;
  private final CentreService centres;
  private final HouseholdStore households;
  private final Outbox outbox;
  private final SmsLines lines;
  private final Notices notices;
  private final PersonalLinks links;
  private final Function<UUID, String> unsubscribeUrl;
  private final Function<String, String> publicLink;
  private final CalendarFiles calendars;
  private final ZoneId zone;

  public MessageComposer(RegistrationStore registrations, ScheduleService schedule, SittingService sittings,
      CentreService centres, Outbox outbox, SmsLines lines, Notices notices, PersonalLinks links,
      Function<UUID, String> unsubscribeUrl) {
    this(registrations, schedule, sittings, centres, outbox, lines, notices, links, unsubscribeUrl, path -> path);
  }

  /** {@code publicLink}: the whole address of a path of the hub's public pages, for invitations. */
  public MessageComposer(RegistrationStore registrations, ScheduleService schedule, SittingService sittings,
      CentreService centres, Outbox outbox, SmsLines lines, Notices notices, PersonalLinks links,
      Function<UUID, String> unsubscribeUrl, Function<String, String> publicLink) {
    this.publicLink = publicLink;
    this.registrations = registrations;
    this.schedule = schedule;
    this.sittings = sittings;
    this.centres = centres;
    this.households = new HouseholdStore(registrations.pool());
    this.outbox = outbox;
    this.lines = lines;
    this.notices = notices;
    this.links = links;
    this.unsubscribeUrl = unsubscribeUrl;
    this.zone = schedule.zone();
    this.calendars = new CalendarFiles(zone);
  }

  public Future<Composed> compose(OutboxMessage message, Instant now) {
    return context(message, now).compose(context -> {
      Optional<String> skip = skipReason(message, context, now);
      if (skip.isPresent()) {
        return Future.succeededFuture(Composed.skipped(skip.get()));
      }
      Optional<Instant> due = message.kind().leadTime().flatMap(lead -> context.sitting()
          .map(sitting -> sitting.start().minus(lead)));
      if (due.isPresent() && now.isBefore(due.get().minus(Outbox.LATE_GRACE))) {
        return Future.succeededFuture(Composed.notBefore(due.get()));
      }
      Future<Optional<Notices.Rendered>> rendered = message.kind() == MessageKind.INVITATION
          ? invitation(message, context, now)
          : FreeMessages.textOf(outbox.pool(), message).map(free -> {
            Notices.Facts facts = new Notices.Facts(context.session().draft().title(),
                context.sitting().map(Occurrence::start), context.centre().name(), centrePhone(context),
                context.link());
            Notices.Rendered notice = notices.render(message.kind(), message.channel(),
                context.registration().details().language(), facts);
            return Optional.of(free.map(text -> Notices.withMessage(notice, text)).orElse(notice));
          });
      return rendered.compose(found -> found.isEmpty()
          ? Future.succeededFuture(Composed.skipped("no class of the theme to come that the household can join"))
          : deliver(message, context, found.get()));
    });
  }

  private Future<Composed> deliver(OutboxMessage message, Context context, Notices.Rendered rendered) {
    var details = context.registration().details();
    if (message.channel() == Channel.EMAIL) {
      return outbox.isUnsubscribed(details.email()).map(unsubscribed -> unsubscribed
          ? Composed.skipped("unsubscribed")
          : new Composed(Optional.empty(), Optional.empty(), Optional.of(new Mailer.Mail(message.idempotencyKey(),
              details.email(), rendered.subject(), rendered.text(), rendered.html(), calendar(message, context),
              unsubscribeUrl.apply(context.registration().id()))), Optional.empty(), Optional.empty(),
              rendered.text()));
    }
    return outbox.isOptedOut(details.phone()).compose(optedOut -> optedOut
        ? Future.succeededFuture(Composed.skipped("opted out"))
        : lines.forCentre(message.centreId()).map(line -> line
            .map(l -> new Composed(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(l),
                Optional.of(details.phone()), rendered.text()))
            .orElseGet(() -> Composed.skipped("the centre sends no texts"))));
  }

  /**
   * An invitation to the next classes of a theme the household can still join, as they stand when it is sent:
   * sittings not begun (neither past their time nor opened early by their instructor) nor called off, of classes
   * where the household holds no place and waits for none and a home place is left; each class once, at its next
   * sitting. The first {@link #SMS_CLASSES} by SMS (with the theme's
   * schedule), {@link #MAIL_CLASSES} by e-mail (each with its page); none, and the message is not sent, if the
   * theme has no such class in the next {@link #INVITATION_HORIZON}.
   */
  private Future<Optional<Notices.Rendered>> invitation(OutboxMessage message, Context context, Instant now) {
    Category theme = Category.valueOf(Outbox.invitedCategory(message));
    String language = Notices.language(context.registration().details().language());
    boolean sms = message.channel() == Channel.SMS;
    Instant until = now.plus(INVITATION_HORIZON);
    Future<List<Occurrence>> occurrences = schedule.occurrences(now, until, new SessionStore.Filter(theme, null,
        null));
    Future<Function<Occurrence, SittingState>> states = sittings.states(now.atZone(zone).toLocalDate(),
        until.atZone(zone).toLocalDate());
    Future<Set<UUID>> taken = households.classesTaken(message.registrationId());
    Future<Map<UUID, ClassPages.Families>> families = occurrences.compose(found -> registrations.families(
        found.stream().map(o -> o.session().id()).distinct().toList()));
    return Future.all(occurrences, states, taken, families)
        .map(done -> {
          Set<UUID> named = new HashSet<>();
          // Each class once, at its next sitting; none without a home place left to take.
          List<Occurrence> coming = occurrences.result().stream()
              .filter(o -> o.start().isAfter(now) && states.result().apply(o) == SittingState.SCHEDULED
                  && !taken.result().contains(o.session().id()) && hasPlace(o.session(), families.result()))
              .filter(o -> named.add(o.session().id()))
              .limit(sms ? SMS_CLASSES : MAIL_CLASSES).toList();
          if (coming.isEmpty()) {
            return Optional.<Notices.Rendered>empty();
          }
          String classes = coming.stream().map(o -> sms
                  ? o.session().draft().title() + " " + notices.when(language, o.start(), true)
                  : "- " + o.session().draft().title() + ", " + notices.when(language, o.start(), false) + "\n  "
                      + publicLink.apply("/sessions/" + o.session().id()))
              .collect(Collectors.joining(sms ? "; " : "\n"));
          Notices.Facts facts = new Notices.Facts(notices.theme(language, theme), Optional.empty(),
              context.centre().name(), centrePhone(context),
              publicLink.apply("/?category=" + theme.name().toLowerCase(Locale.ROOT)));
          return Optional.of(Notices.withClasses(notices.render(MessageKind.INVITATION, message.channel(), language,
              facts), classes));
        });
  }

  /** A broadcast takes every family; a room takes them while it has home places left. */
  private static boolean hasPlace(Session session, Map<UUID, ClassPages.Families> families) {
    return session.draft().videoMode() == VideoMode.BROADCAST || families.getOrDefault(session.id(),
        ClassPages.Families.NONE).confirmed() < session.draft().homeCapacity();
  }

  private static String centrePhone(Context context) {
    return Optional.ofNullable(context.centre().phone()).orElse("");
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
    // An invitation goes to a household whatever became of the registration it was found through.
    boolean aboutASitting = message.kind() != MessageKind.SERIES_CANCELLED
        && message.kind() != MessageKind.SITTING_CANCELLED && message.kind() != MessageKind.INVITATION;
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
