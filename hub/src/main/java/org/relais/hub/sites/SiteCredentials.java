package org.relais.hub.sites;

import io.vertx.core.Future;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.relais.hub.centres.Centre;
import org.relais.hub.centres.CentreService;
import org.relais.hub.centres.Site;
import org.relais.hub.http.ProblemException;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.hub.validation.InvalidFieldException;

/**
 * How a relay-site comes to be trusted: a coordinator asks for an enrolment code (single use, a day);
 * the relay trades it for a link credential it keeps; the credential can be rotated by the relay and
 * revoked from the hub, which cuts the site's link at once. Enrolling again replaces the credential.
 */
public final class SiteCredentials {
  public static final Duration ENROLMENT_TTL = Duration.ofHours(24);

  /** An enrolment code, shown once to the coordinator who asked for it. */
  public record Enrolment(Site site, String code, Instant expiresAt) {}

  /** What a relay learns when it enrols: who it is, and the credential to keep. */
  public record Enrolled(Site site, Centre centre, String credential) {}

  /** Whether a relay is enrolled for the site (since when), and whether a code waits to be used (until when). */
  public record Standing(Optional<Instant> enrolledAt, Optional<Instant> codeExpiresAt) {}

  private final SiteCredentialStore store;
  private final CentreService centres;
  private final Consumer<UUID> onRevoked;
  private final Clock clock;

  public SiteCredentials(io.vertx.sqlclient.Pool pool, CentreService centres, Consumer<UUID> onRevoked, Clock clock) {
    this.store = new SiteCredentialStore(pool);
    this.centres = centres;
    this.onRevoked = onRevoked;
    this.clock = clock;
  }

  /** A fresh enrolment code for the site; an earlier unused one stops working. */
  public Future<Enrolment> issueEnrolment(StaffPrincipal actor, UUID siteId) {
    return centres.site(siteId).compose(site -> {
      actor.requireCoordinates(site.centreId());
      String code = SiteSecrets.enrolmentCode();
      Instant now = clock.instant();
      Instant expiresAt = now.plus(ENROLMENT_TTL);
      return store.pool().withTransaction(tx -> store.revokeAll(tx, siteId, SiteCredentialStore.Kind.ENROLMENT, now)
              .compose(revoked -> store.insert(tx, siteId, SiteCredentialStore.Kind.ENROLMENT, code, actor.id(), now,
                  expiresAt)))
          .map(done -> new Enrolment(site, code, expiresAt));
    });
  }

  public Future<Enrolled> enrol(String typedCode) {
    String code = SiteSecrets.normaliseCode(typedCode);
    String credential = SiteSecrets.credential();
    Instant now = clock.instant();
    return store.pool().withTransaction(tx -> store.useEnrolmentCode(tx, code, now).compose(site -> {
          if (site.isEmpty()) {
            throw new InvalidFieldException("code", "This enrolment code is unknown, already used or expired");
          }
          UUID siteId = site.get();
          return store.revokeAll(tx, siteId, SiteCredentialStore.Kind.LINK, now)
              .compose(revoked -> store.insert(tx, siteId, SiteCredentialStore.Kind.LINK, credential, null, now, null))
              .map(siteId);
        }))
        .onSuccess(onRevoked::accept)
        .compose(siteId -> centres.site(siteId))
        .compose(site -> centres.get(site.centreId()).map(centre -> new Enrolled(site, centre, credential)));
  }

  /** The site whose live credential this is. */
  public Future<Optional<UUID>> authenticate(String credential) {
    if (credential == null || !credential.startsWith("rsc_") || credential.length() > 100) {
      return Future.succeededFuture(Optional.empty());
    }
    return store.siteOfCredential(credential);
  }

  /** Replaces the relay's credential with a new one; the old one stops working once this returns. */
  public Future<String> rotate(UUID siteId, String current) {
    String next = SiteSecrets.credential();
    Instant now = clock.instant();
    return store.pool().withTransaction(tx -> store.revoke(tx, current, now).compose(revoked -> {
      if (!revoked) {
        throw ProblemException.unauthorized();
      }
      return store.insert(tx, siteId, SiteCredentialStore.Kind.LINK, next, null, now, null);
    })).map(next);
  }

  /** What the site's coordinators see of its credentials; never the secrets themselves. */
  public Future<Standing> standing(StaffPrincipal actor, Site site) {
    actor.requireCoordinates(site.centreId());
    return store.standing(site.id(), clock.instant());
  }

  /**
   * The command an installer types on the centre's mini PC, as the README installs the relay-site: the
   * same words for the API's answer and the staff page.
   */
  public static String enrolCommand(URI hub, String code) {
    return "sudo -u relais java -jar /opt/relais/relais-relay-site.jar --config /etc/relais/relay-site.properties"
        + " enrol --hub " + hub + " --code " + code;
  }

  /** Revokes every code and credential of the site and cuts its link. */
  public Future<Void> revoke(StaffPrincipal actor, UUID siteId) {
    return centres.site(siteId).compose(site -> {
      actor.requireCoordinates(site.centreId());
      return store.revokeAll(store.pool(), siteId, null, clock.instant());
    }).<Void>mapEmpty().onSuccess(done -> onRevoked.accept(siteId));
  }
}
