package org.relais.hub.households;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.text.MessageFormat;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.relais.hub.http.ProblemException;
import org.relais.hub.pages.Messages;
import org.relais.hub.privacy.PrivacyLog;
import org.relais.hub.registrations.RegistrationService;
import org.relais.hub.staff.StaffPrincipal;

/**
 * A household's rights over its data: to get everything Relais holds about it (JSON), and to have it erased
 * (registrations anonymised, stays kept only as anonymous counts, places in classes still to come given up so
 * the first waiting family gets them). Through the family's private link, over the whole network; or by a
 * coordinator on the family's request, over their centres' classes. Each use is logged.
 */
public final class HouseholdRights {
  /** What an erasure did: registrations anonymised, stays kept as counts, places given up. */
  public record Erasure(int registrations, int stays, int cancelled, int promoted) {}

  private final HouseholdStore store;
  private final RegistrationService registrations;
  private final PrivacyLog log;
  private final int retentionMonths;
  private final Messages texts;
  private final Clock clock;

  public HouseholdRights(HouseholdStore store, RegistrationService registrations, PrivacyLog log,
      int retentionMonths, Messages texts, Clock clock) {
    this.store = store;
    this.registrations = registrations;
    this.log = log;
    this.texts = texts;
    this.retentionMonths = retentionMonths;
    this.clock = clock;
  }

  /** Succeeds when the manage link is one the hub gave out; fails as the manage page does otherwise. */
  public Future<Void> knownLink(String manageToken) {
    return registrations.byManageToken(manageToken).mapEmpty();
  }

  /** Everything held about the household of the registration a manage link names. */
  public Future<JsonObject> downloadByManageToken(String manageToken) {
    return registrations.byManageToken(manageToken).compose(registered -> {
      // The file explains itself in the language of the registration whose link asked for it.
      String language = registered.registration().details().language();
      return store.ofRegistration(registered.registration().id()).compose(found -> found
          .map(household -> export(household, language))
          .orElseGet(() -> Future.succeededFuture(erasedExport(language))));
    })
        .compose(json -> log.family(PrivacyLog.Action.DATA_DOWNLOADED,
            "registrations=" + json.getJsonArray("registrations").size(), null).map(json));
  }

  /** The household a manage link's erasure would cover, if it still holds data. */
  public Future<Optional<Household>> householdByManageToken(String manageToken) {
    return registrations.byManageToken(manageToken)
        .compose(registered -> store.ofRegistration(registered.registration().id()));
  }

  /** Erases the household of the registration a manage link names; erasing twice is harmless. */
  public Future<Erasure> eraseByManageToken(String manageToken) {
    return registrations.byManageToken(manageToken)
        .compose(registered -> store.ofRegistration(registered.registration().id()))
        .compose(found -> found.map(household -> erase(household, PrivacyLog.Actor.FAMILY, null))
            .orElseGet(() -> Future.succeededFuture(new Erasure(0, 0, 0, 0))));
  }

  /** A household of the member's scope, by its reference; as unknown if it lies outside. */
  public Future<Household> forStaff(StaffPrincipal member, String ref) {
    return store.households(HouseholdScope.of(member)).map(all -> all.stream()
        .filter(h -> h.ref().equals(ref)).findFirst()
        .orElseThrow(() -> ProblemException.notFound("No such household")));
  }

  public Future<JsonObject> downloadForStaff(StaffPrincipal member, String ref) {
    return forStaff(member, ref).compose(household -> export(household, household.lastMember().language())
        .compose(json -> log.staff(member.id(), PrivacyLog.Action.DATA_DOWNLOADED, household.lastMember().centreId(),
            "household=" + shortRef(ref), "registrations=" + household.members().size()).map(json)));
  }

  public Future<Erasure> eraseForStaff(StaffPrincipal member, String ref) {
    return forStaff(member, ref).compose(household -> erase(household, PrivacyLog.Actor.STAFF, member));
  }

  private Future<Erasure> erase(Household household, PrivacyLog.Actor actor, StaffPrincipal member) {
    Instant now = clock.instant();
    List<UUID> toCancel = household.members().stream()
        .filter(m -> !"CANCELLED".equals(m.status()) && m.seriesEnd().isAfter(now))
        .map(Household.Member::registrationId).toList();
    // Each cancellation is its own transaction under its class's lock, as the family's own would be; the
    // erasure after them is one. Interrupted in between, erasing again finishes it.
    Future<int[]> cancelled = Future.succeededFuture(new int[2]);
    for (UUID id : toCancel) {
      cancelled = cancelled.compose(counts -> registrations.cancelForErasure(id).map(cancellation -> {
        counts[0]++;
        counts[1] += cancellation.promoted().isPresent() ? 1 : 0;
        return counts;
      }));
    }
    UUID centre = household.lastMember().centreId();
    return cancelled.compose(counts -> store.pool().withTransaction(tx ->
        store.erase(tx, household.ref(), household.registrationIds(), now).compose(erased -> {
          Erasure erasure = new Erasure(erased.registrations(), erased.stays(), counts[0], counts[1]);
          return log.write(tx, PrivacyLog.Action.DATA_ERASED, actor, member == null ? null : member.id(),
              actor == PrivacyLog.Actor.STAFF ? centre : null, "registrations=" + erasure.registrations(),
              "stays=" + erasure.stays() + " cancelled=" + erasure.cancelled() + " promoted=" + erasure.promoted())
              .map(erasure);
        })));
  }

  private Future<JsonObject> export(Household household, String language) {
    return Future.all(store.stays(household.registrationIds()), store.contactsOf(household.ref()),
        store.invitationsOf(household.ref())).map(done -> {
      List<HouseholdStore.Stay> stays = done.resultAt(0);
      List<HouseholdStore.Contacted> contacts = done.resultAt(1);
      List<HouseholdStore.Invited> invitations = done.resultAt(2);
      JsonArray registrationsJson = new JsonArray();
      for (Household.Member m : household.members()) {
        JsonArray staysJson = new JsonArray();
        stays.stream().filter(s -> s.registrationId().equals(m.registrationId())).forEach(s -> staysJson.add(
            new JsonObject().put("sittingDate", s.sittingDate() == null ? null : s.sittingDate().toString())
                .put("source", s.source()).put("joinedAt", s.joinedAt().toString())
                .put("leftAt", s.leftAt() == null ? null : s.leftAt().toString())));
        registrationsJson.add(new JsonObject()
            .put("id", m.registrationId().toString())
            .put("class", new JsonObject().put("id", m.sessionId().toString()).put("title", m.classTitle())
                .put("theme", m.category()).put("centre", m.centreName()))
            .put("status", m.status())
            .put("registeredAt", m.registeredAt().toString())
            .put("displayName", m.displayName())
            .put("householdSize", m.householdSize())
            .put("language", m.language())
            .put("email", m.email())
            .put("phone", m.phone())
            .put("consent", new JsonObject().put("given", m.consent())
                .put("wordingVersion", m.consentWordingVersion())
                .put("givenAt", m.consentGivenAt() == null ? null : m.consentGivenAt().toString()))
            .put("stays", staysJson));
      }
      JsonArray contactsJson = new JsonArray();
      contacts.forEach(c -> contactsJson.add(new JsonObject().put("at", c.at().toString())
          .put("centre", c.by())));
      JsonArray invitationsJson = new JsonArray();
      invitations.forEach(i -> invitationsJson.add(new JsonObject().put("at", i.at().toString())
          .put("centre", i.by()).put("channel", i.channel()).put("theme", i.category())));
      ZonedDateTime keptUntil = household.lastSitting().atZone(ZoneOffset.UTC).plusMonths(retentionMonths);
      String lang = known(language);
      return header(lang).put("registrations", registrationsJson).put("calledBy", contactsJson)
          .put("invitedBy", invitationsJson)
          .put("keptUntil", keptUntil.toInstant().toString())
          .put("retention", MessageFormat.format(texts.get(lang, "privacy_json_kept_until"),
              DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(Messages.locale(lang)).format(keptUntil),
              retentionMonths));
    });
  }

  private JsonObject erasedExport(String language) {
    String lang = known(language);
    return header(lang).put("registrations", new JsonArray()).put("calledBy", new JsonArray())
        .put("invitedBy", new JsonArray())
        .put("note", texts.get(lang, "privacy_json_erased"));
  }

  private JsonObject header(String language) {
    return new JsonObject().put("generatedAt", clock.instant().toString()).put("language", language)
        .put("about", texts.get(language, "privacy_json_about"))
        .put("retentionMonths", retentionMonths);
  }

  /** A language the texts are written in: the registration's, or French for one stored before languages. */
  private static String known(String language) {
    return Messages.LANGUAGES.contains(language) ? language : Messages.LANGUAGES.get(0);
  }

  static String shortRef(String ref) {
    return ref.substring(0, 12);
  }
}
