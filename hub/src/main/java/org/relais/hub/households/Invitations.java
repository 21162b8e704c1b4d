package org.relais.hub.households;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.relais.hub.http.ProblemException;
import org.relais.hub.outbox.Channel;
import org.relais.hub.outbox.Outbox;
import org.relais.hub.privacy.PrivacyLog;
import org.relais.hub.staff.StaffPrincipal;

/**
 * Inviting a household off the radar to the next classes of its favourite theme: one message through the outbox,
 * by SMS to the phone a member gave with consent, or else by e-mail to the address one gave with consent, in that
 * member's language; the outbox's worker writes it when it is sent, with the classes to come then. The invitation
 * is recorded (who, when, how) in the same transaction as its message and a privacy log entry.
 */
public final class Invitations {
  /** Where an invitation to a household goes: the member whose consented contact it uses, and how. */
  public record Recipient(Household.Member member, Channel channel) {}

  /** What inviting did. */
  public enum Outcome {
    /** The message waits in the outbox. */
    QUEUED,
    /** The household was already invited the same way today: nothing more is sent. */
    ALREADY_TODAY,
    /** No member gave a contact with consent: the household cannot be written to. */
    NO_CONTACT
  }

  private final HouseholdStore store;
  private final Outbox outbox;
  private final PrivacyLog log;
  private final ZoneId zone;
  private final Clock clock;

  public Invitations(HouseholdStore store, Outbox outbox, PrivacyLog log, ZoneId zone, Clock clock) {
    this.store = store;
    this.outbox = outbox;
    this.log = log;
    this.zone = zone;
    this.clock = clock;
  }

  /**
   * A text reaches a family that reads little e-mail, so the phone wins; the newest registration's contact, as the
   * most likely to be current. Never a contact given without consent.
   */
  public static Optional<Recipient> recipient(Household household) {
    List<Household.Member> consented = household.members().stream().filter(Household.Member::consent)
        .sorted(Comparator.comparing(Household.Member::registeredAt).reversed()).toList();
    return consented.stream().filter(m -> m.phone() != null).findFirst()
        .map(m -> new Recipient(m, Channel.SMS))
        .or(() -> consented.stream().filter(m -> m.email() != null).findFirst()
            .map(m -> new Recipient(m, Channel.EMAIL)));
  }

  /** Invites a household of the member's scope (as unknown if it lies outside). */
  public Future<Outcome> invite(StaffPrincipal member, String ref) {
    HouseholdScope scope = HouseholdScope.of(member);
    return store.households(scope).compose(households -> {
      Household household = households.stream().filter(h -> h.ref().equals(ref)).findFirst()
          .orElseThrow(() -> ProblemException.notFound("No such household"));
      Optional<Recipient> recipient = recipient(household);
      if (recipient.isEmpty()) {
        return Future.succeededFuture(Outcome.NO_CONTACT);
      }
      Channel channel = recipient.get().channel();
      UUID centre = household.lastMember().centreId();
      String category = household.favouriteCategory();
      Instant now = clock.instant();
      UUID registration = recipient.get().member().registrationId();
      LocalDate today = now.atZone(zone).toLocalDate();
      return store.pool().withTransaction(tx -> outbox.enqueueInvitation(tx, registration, channel, category, today)
          .compose(written -> written == 0 ? Future.succeededFuture(Outcome.ALREADY_TODAY)
              : store.recordInvitation(tx, ref, centre, member.id(), category, channel, now,
                  Outbox.invitationKey(registration, channel, category, today))
                  .compose(done -> log.write(tx, PrivacyLog.Action.HOUSEHOLD_INVITED, PrivacyLog.Actor.STAFF,
                      member.id(), centre, "household=" + HouseholdRights.shortRef(ref),
                      "channel=" + channel + " theme=" + category))
                  .map(Outcome.QUEUED)));
    });
  }
}
