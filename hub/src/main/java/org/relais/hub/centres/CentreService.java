package org.relais.hub.centres;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.relais.hub.http.ProblemException;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.hub.storage.Page;
import org.relais.hub.storage.SqlErrors;
import org.relais.protocol.Role;

/** Centres and rooms: ADMIN creates and removes centres; a centre's COORDINATOR edits it and its rooms. */
public final class CentreService {
  private final CentreStore store;

  public CentreService(CentreStore store) {
    this.store = store;
  }

  public Future<Page<Centre>> list(int limit, String cursor) {
    return store.list(limit, cursor);
  }

  public Future<Centre> get(UUID id) {
    return store.find(id).map(found -> found.orElseThrow(() -> ProblemException.notFound("No centre " + id)));
  }

  public Future<Centre> create(StaffPrincipal actor, JsonObject json) {
    actor.requireRole(Role.ADMIN);
    return createTrusted(Centre.fromJson(UUID.randomUUID(), 1, json));
  }

  /** Creates a centre without a caller (the demo data). */
  public Future<Centre> createTrusted(Centre centre) {
    return store.insert(centre).map(centre);
  }

  public Future<Centre> update(StaffPrincipal actor, UUID id, JsonObject json, long expectedVersion) {
    actor.requireCoordinates(id);
    Centre updated = Centre.fromJson(id, expectedVersion + 1, json);
    return get(id).compose(current -> {
      if (current.version() != expectedVersion) {
        throw ProblemException.preconditionFailed(current.version());
      }
      return store.update(updated, expectedVersion);
    }).compose(done -> done ? Future.succeededFuture(updated) : staleCentre(id));
  }

  public Future<Void> delete(StaffPrincipal actor, UUID id) {
    actor.requireRole(Role.ADMIN);
    return store.delete(id)
        .recover(failure -> Future.failedFuture(SqlErrors.isForeignKeyViolation(failure)
            ? ProblemException.conflict("id", "This centre still has rooms, staff or sessions")
            : failure))
        .map(deleted -> {
          if (!deleted) {
            throw ProblemException.notFound("No centre " + id);
          }
          return (Void) null;
        });
  }

  public Future<List<Site>> sites(UUID centreId) {
    return get(centreId).compose(centre -> store.sitesOf(centreId));
  }

  public Future<Site> site(UUID id) {
    return store.findSite(id).map(found -> found.orElseThrow(() -> ProblemException.notFound("No site " + id)));
  }

  public Future<Site> createSite(StaffPrincipal actor, UUID centreId, JsonObject json) {
    actor.requireCoordinates(centreId);
    return createSiteTrusted(Site.fromJson(UUID.randomUUID(), centreId, 1, json));
  }

  public Future<Site> createSiteTrusted(Site site) {
    return get(site.centreId())
        .compose(centre -> store.insertSite(site))
        .recover(CentreService::explainSiteConflict)
        .map(site);
  }

  public Future<Site> updateSite(StaffPrincipal actor, UUID id, JsonObject json, long expectedVersion) {
    return site(id).compose(current -> {
      actor.requireCoordinates(current.centreId());
      if (current.version() != expectedVersion) {
        throw ProblemException.preconditionFailed(current.version());
      }
      Site updated = Site.fromJson(id, current.centreId(), expectedVersion + 1, json);
      return store.updateSite(updated, expectedVersion)
          .recover(CentreService::explainSiteConflict)
          .compose(done -> done ? Future.succeededFuture(updated) : staleSite(id));
    });
  }

  public Future<Void> deleteSite(StaffPrincipal actor, UUID id) {
    return site(id).compose(current -> {
      actor.requireCoordinates(current.centreId());
      return store.deleteSite(id).recover(failure -> Future.failedFuture(SqlErrors.isForeignKeyViolation(failure)
          ? ProblemException.conflict("id", "This room is still booked") : failure));
    }).mapEmpty();
  }

  private Future<Centre> staleCentre(UUID id) {
    return get(id).map(current -> {
      throw ProblemException.preconditionFailed(current.version());
    });
  }

  private Future<Site> staleSite(UUID id) {
    return site(id).map(current -> {
      throw ProblemException.preconditionFailed(current.version());
    });
  }

  private static <T> Future<T> explainSiteConflict(Throwable failure) {
    return Future.failedFuture(SqlErrors.isUniqueViolation(failure)
        ? ProblemException.conflict("name", "This centre already has a room with this name")
        : failure);
  }
}
