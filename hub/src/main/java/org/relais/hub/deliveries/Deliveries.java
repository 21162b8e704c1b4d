package org.relais.hub.deliveries;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.relais.hub.http.ProblemException;
import org.relais.hub.outbox.FreeMessages;
import org.relais.hub.outbox.MessageKind;
import org.relais.hub.outbox.Outbox;
import org.relais.hub.registrations.Registration;
import org.relais.hub.registrations.RegistrationService;
import org.relais.hub.registrations.RegistrationStatus;
import org.relais.hub.schedule.Occurrence;
import org.relais.hub.schedule.Occurrences;
import org.relais.hub.schedule.Session;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.hub.validation.InvalidFieldException;

/**
 * The messages of a class as its staff see them, and the coordinators' free messages to the families of one
 * sitting. Who may look is who may see the class's registrations (its instructor, its centre's coordinators, the
 * admins); who may write is a coordinator of the class's centre or an admin.
 */
public final class Deliveries {
  /** The messages of a class, or of one of its sittings, with the families they went to. */
  /**
   * {@code optedOut}: the ids of the messages still to go whose number answered STOP or whose address unsubscribed;
   * the worker will skip them, so the page says so now rather than "planned".
   */
  public record Messages(RegistrationService.Roster roster, Optional<Sitting> sitting, List<Outbox.Listed> listed,
      List<FreeMessages.Stored> free, java.util.Set<Long> optedOut) {
    public Optional<Registration> family(UUID registrationId) {
      return roster.find(registrationId);
    }
  }

  /** A sitting as the outbox names it (its series date) and where it is held now. */
  public record Sitting(LocalDate seriesDate, Occurrence occurrence) {}

  /** Who a free message would reach: confirmed families that agreed to be written to, by channel. */
  public record Audience(int families, int bySms, int byEmail, int unreachable) {}

  /** A free message written (or found written by the same form before: {@code repeated}). */
  public record Sent(int messages, boolean repeated) {}

  private final RegistrationService registrations;
  private final Outbox outbox;
  private final ZoneId zone;
  private final Clock clock;

  public Deliveries(RegistrationService registrations, Outbox outbox, ZoneId zone, Clock clock) {
    this.registrations = registrations;
    this.outbox = outbox;
    this.zone = zone;
    this.clock = clock;
  }

  public ZoneId zone() {
    return zone;
  }

  /** The messages of the class (every sitting, and those about the whole registration), or of one sitting. */
  public Future<Messages> messages(StaffPrincipal actor, UUID classId, Optional<LocalDate> date) {
    return registrations.rosterForStaff(actor, classId).compose(roster -> {
      Optional<Sitting> sitting = date.map(d -> sitting(roster.session(), d));
      Optional<LocalDate> seriesDate = sitting.map(Sitting::seriesDate);
      Future<List<FreeMessages.Stored>> free = seriesDate
          .map(d -> FreeMessages.ofSitting(outbox.pool(), classId, d))
          .orElseGet(() -> Future.succeededFuture(List.of()));
      return Future.all(outbox.ofSession(classId, seriesDate), free)
          .compose(all -> optedOut(all.resultAt(0))
              .map(optedOut -> new Messages(roster, sitting, all.resultAt(0), all.resultAt(1), optedOut)));
    });
  }

  private Future<java.util.Set<Long>> optedOut(List<Outbox.Listed> listed) {
    List<Outbox.Listed> waiting = listed.stream().filter(l -> l.recipient().isPresent()
        && (l.message().status() == org.relais.hub.outbox.MessageStatus.PENDING
        || l.message().status() == org.relais.hub.outbox.MessageStatus.SENDING)).toList();
    java.util.Map<String, Future<Boolean>> byRecipient = new java.util.HashMap<>();
    for (Outbox.Listed l : waiting) {
      String recipient = l.recipient().get();
      byRecipient.computeIfAbsent(l.message().channel() + " " + recipient,
          key -> l.message().channel() == org.relais.hub.outbox.Channel.SMS
              ? outbox.isOptedOut(recipient) : outbox.isUnsubscribed(recipient));
    }
    return Future.all(List.copyOf(byRecipient.values())).map(done -> waiting.stream()
        .filter(l -> byRecipient.get(l.message().channel() + " " + l.recipient().get()).result())
        .map(l -> l.message().id()).collect(java.util.stream.Collectors.toSet()));
  }

  /** Who the free message would reach; only for those who may send one. */
  public Future<Audience> audience(StaffPrincipal actor, UUID classId, LocalDate date) {
    return registrations.rosterForStaff(actor, classId).map(roster -> {
      writable(actor, roster.session(), date);
      return audience(roster);
    });
  }

  /**
   * Writes the free message to every confirmed family of the sitting that agreed to be written to, in one
   * transaction: the text once, a row of the outbox per family and channel. The same form sent twice writes once.
   */
  public Future<Sent> sendFree(StaffPrincipal actor, UUID classId, LocalDate date, String text, String formToken,
      boolean urgent) {
    String body = text(text);
    return registrations.rosterForStaff(actor, classId).compose(roster -> {
      Sitting sitting = writable(actor, roster.session(), date);
      Instant now = clock.instant();
      return outbox.pool().withTransaction(tx -> FreeMessages.store(tx, classId, sitting.seriesDate(), formToken,
              body, actor.id(), now)
          .compose(stored -> stored.isEmpty() ? Future.succeededFuture(new Sent(0, true))
              : outbox.enqueueForSession(tx,
                  urgent ? MessageKind.FREE_MESSAGE_URGENT : MessageKind.FREE_MESSAGE, classId, Optional.of(sitting.seriesDate()),
                  FreeMessages.keyVariant(stored.get().id()), now).map(n -> new Sent(n, false))));
    });
  }

  /** The sitting a free message goes to: the actor coordinates its centre, and it is not over. */
  private Sitting writable(StaffPrincipal actor, Session session, LocalDate date) {
    actor.requireCoordinates(session.draft().centreId());
    Sitting sitting = sitting(session, date);
    if (!clock.instant().isBefore(sitting.occurrence().end())) {
      throw new InvalidFieldException("sitting", "the sitting is over");
    }
    return sitting;
  }

  /** The text as it will be sent, or the field's error. */
  public static String text(String raw) {
    String text = raw == null ? "" : raw.strip().replace("\r\n", "\n");
    if (text.isEmpty()) {
      throw new InvalidFieldException("text", "the message is empty");
    }
    if (text.length() > FreeMessages.MAX_LENGTH) {
      throw new InvalidFieldException("text", "the message is longer than " + FreeMessages.MAX_LENGTH);
    }
    return text;
  }

  static Audience audience(RegistrationService.Roster roster) {
    List<Registration> written = roster.registrations().stream()
        .filter(r -> r.status() == RegistrationStatus.CONFIRMED).toList();
    int sms = 0;
    int email = 0;
    int none = 0;
    for (Registration r : written) {
      boolean phone = r.details().consent() && r.details().phone() != null;
      boolean mail = r.details().consent() && r.details().email() != null;
      sms += phone ? 1 : 0;
      email += mail ? 1 : 0;
      none += phone || mail ? 0 : 1;
    }
    return new Audience(written.size(), sms, email, none);
  }

  /**
   * The sitting named by {@code date}: its series date, or the day a moved sitting is held on now. Any other
   * date is no page of this class.
   */
  Sitting sitting(Session session, LocalDate date) {
    Optional<Occurrence> planned = Occurrences.bySeriesDate(session, date, zone);
    if (planned.isPresent()) {
      return new Sitting(date, planned.get());
    }
    return Occurrences.all(session, zone).stream()
        .filter(o -> Occurrences.dateOf(o.start(), zone).equals(date)).findFirst()
        .map(o -> new Sitting(Occurrences.seriesDate(session, o, zone), o))
        .orElseThrow(() -> ProblemException.notFound("No such sitting in this class"));
  }
}
