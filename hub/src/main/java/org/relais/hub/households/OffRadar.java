package org.relais.hub.households;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.relais.hub.http.ProblemException;
import org.relais.hub.privacy.PrivacyLog;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.hub.validation.InvalidFieldException;

/**
 * Households off the radar: seen at {@link #MIN_SITTINGS} sittings or more, then at none for the last N weeks.
 * Each with its last class and that class's centre, its contact only where the family consented, and whether
 * someone called or invited it since it was last seen. An admin sees the network's, a coordinator their centres'.
 */
public final class OffRadar {
  public static final int MIN_SITTINGS = 2;
  public static final int DEFAULT_WEEKS = 4;
  public static final int MAX_WEEKS = 104;

  /** One household in the list; {@code contacted} only if someone marked it after it was last seen. */
  /**
   * A household off the radar; {@code stillRegistered}: the class of a place it still holds in a series not over,
   * which a coordinator wants to know before calling (it may simply be coming back).
   */
  public record Line(Household household, Instant lastSeen, int sittings, Optional<HouseholdStore.Contacted> contacted,
      Optional<HouseholdStore.Invited> invited, Optional<String> stillRegistered) {
    public Household.Member last() {
      return household.lastMember();
    }
  }

  private final HouseholdStore store;
  private final PrivacyLog log;
  private final Clock clock;

  public OffRadar(HouseholdStore store, PrivacyLog log, Clock clock) {
    this.store = store;
    this.log = log;
    this.clock = clock;
  }

  /** The list for {@code member}, most recently lost first; reading it is logged. */
  public Future<List<Line>> list(StaffPrincipal member, int weeks, PrivacyLog.Action reading) {
    return list(member, weeks, reading, household -> true);
  }

  /**
   * The part of the list that {@code shown} keeps (the call list: the households with a phone to call); the log
   * counts the households whose data was shown.
   */
  public Future<List<Line>> list(StaffPrincipal member, int weeks, PrivacyLog.Action reading,
      Predicate<Household> shown) {
    HouseholdScope scope = HouseholdScope.of(member);
    requireWeeks(weeks);
    Instant now = clock.instant();
    Instant since = now.minus(Duration.ofDays(7L * weeks));
    return Future.all(store.lostSight(scope, MIN_SITTINGS, since), store.contacted(scope), store.invited(scope))
        .compose(done -> {
          List<Household> households = done.resultAt(0);
          Map<String, HouseholdStore.Contacted> contacted = done.resultAt(1);
          Map<String, HouseholdStore.Invited> invited = done.resultAt(2);
          List<Line> lines = households.stream()
              .filter(h -> h.sittings() >= MIN_SITTINGS && h.lastSeen().orElseThrow().isBefore(since))
              .filter(shown)
              .map(h -> new Line(h, h.lastSeen().orElseThrow(), h.sittings(),
                  Optional.ofNullable(contacted.get(h.ref())).filter(c -> c.at().isAfter(h.lastSeen().orElseThrow())),
                  Optional.ofNullable(invited.get(h.ref())).filter(i -> i.at().isAfter(h.lastSeen().orElseThrow())),
                  h.members().stream().filter(m -> "CONFIRMED".equals(m.status()) && m.seriesEnd().isAfter(now))
                      .map(Household.Member::classTitle).findFirst()))
              .sorted(Comparator.comparing(Line::lastSeen).reversed().thenComparing(line -> line.household().ref()))
              .toList();
          return log.staff(member.id(), reading, null, "weeks=" + weeks, "households=" + lines.size())
              .map(lines);
        });
  }

  /** Records that {@code member} called the household now, for the centre of its last class. */
  public Future<Void> markContacted(StaffPrincipal member, String ref) {
    HouseholdScope scope = HouseholdScope.of(member);
    return store.households(scope).compose(households -> {
      Household household = households.stream().filter(h -> h.ref().equals(ref)).findFirst()
          .orElseThrow(() -> ProblemException.notFound("No such household"));
      UUID centre = household.lastMember().centreId();
      return store.pool().withTransaction(tx -> store.markContacted(tx, ref, centre, member.id(), clock.instant())
          .compose(done -> log.write(tx, PrivacyLog.Action.HOUSEHOLD_CONTACTED, PrivacyLog.Actor.STAFF, member.id(),
              centre, "household=" + HouseholdRights.shortRef(ref), null)));
    });
  }

  static void requireWeeks(int weeks) {
    if (weeks < 1 || weeks > MAX_WEEKS) {
      throw new InvalidFieldException("weeks", "weeks must be between 1 and " + MAX_WEEKS);
    }
  }
}
