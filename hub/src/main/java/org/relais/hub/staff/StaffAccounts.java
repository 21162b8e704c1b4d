package org.relais.hub.staff;

import io.vertx.core.Future;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.relais.hub.http.ProblemException;
import org.relais.hub.storage.Page;
import org.relais.hub.storage.SqlErrors;
import org.relais.hub.validation.InvalidFieldException;
import org.relais.protocol.Role;

/**
 * Staff accounts and who may manage whom: ADMIN anyone; a COORDINATOR the instructors and animators of its
 * centres. Deactivating an account signs it out everywhere at once: its browsers' sessions end and its bearer
 * tokens stand for no one from then on.
 */
public final class StaffAccounts {
  private final StaffStore store;
  private final Passwords passwords;
  private final StaffPrincipals principals;
  private final StaffSessions sessions;

  public StaffAccounts(StaffStore store, Passwords passwords, StaffPrincipals principals, StaffSessions sessions) {
    this.store = store;
    this.passwords = passwords;
    this.principals = principals;
    this.sessions = sessions;
  }

  /**
   * Creates an account without any caller: the command line's first administrator and the demo. Without a
   * password, the account gets one nobody knows: its owner signs in once a reset link has let them choose theirs.
   */
  public Future<StaffMember> createTrusted(StaffDraft draft) {
    String password = draft.password() == null ? StaffSessions.randomToken()
        : Passwords.requireAcceptable("password", draft.password());
    StaffMember member = draft.toMember(UUID.randomUUID(), 1, true);
    return passwords.hash(password)
        .compose(hash -> store.insert(member, hash))
        .recover(StaffAccounts::explainWriteFailure)
        .map(member);
  }

  public Future<StaffMember> create(StaffPrincipal actor, StaffDraft draft) {
    requireMayManage(actor, draft.role(), draft.centreIds());
    return createTrusted(draft);
  }

  public Future<StaffMember> get(StaffPrincipal actor, UUID id) {
    return store.find(id).map(found -> {
      StaffMember member = found.orElseThrow(() -> ProblemException.notFound("No staff account " + id));
      if (!actor.id().equals(id)) {
        actor.requireRole(Role.ADMIN, Role.COORDINATOR);
      }
      return member;
    });
  }

  public Future<Page<StaffMember>> list(StaffPrincipal actor, int limit, String cursor) {
    actor.requireRole(Role.ADMIN, Role.COORDINATOR);
    return store.list(limit, cursor);
  }

  public Future<StaffMember> update(StaffPrincipal actor, UUID id, StaffDraft draft, long expectedVersion) {
    if (draft.password() != null) {
      Passwords.requireAcceptable("password", draft.password());
    }
    return store.find(id).compose(found -> {
      StaffMember current = found.orElseThrow(() -> ProblemException.notFound("No staff account " + id));
      boolean self = actor.id().equals(id);
      if (self && (draft.role() != current.role() || !draft.centreIds().equals(current.centreIds()))) {
        actor.requireRole(Role.ADMIN);
      }
      if (self && Boolean.FALSE.equals(draft.active())) {
        throw ProblemException.conflict("active", "You cannot deactivate your own account");
      }
      if (!self) {
        requireMayManage(actor, current.role(), current.centreIds());
        requireMayManage(actor, draft.role(), draft.centreIds());
      }
      if (current.version() != expectedVersion) {
        throw ProblemException.preconditionFailed(current.version());
      }
      StaffMember updated = draft.toMember(id, expectedVersion + 1, current.active());
      Future<String> hash = draft.password() == null ? Future.succeededFuture(null) : passwords.hash(draft.password());
      return hash.compose(h -> store.update(updated, expectedVersion, h))
          .recover(StaffAccounts::explainWriteFailure)
          .compose(done -> done ? Future.succeededFuture(updated) : currentVersionConflict(id))
          .compose(member -> {
            principals.changed(id);
            return member.active() ? Future.succeededFuture(member) : sessions.endAll(id).map(member);
          });
    });
  }

  /** Deactivates or reactivates the account at {@code expectedVersion}, keeping the rest of it. */
  public Future<StaffMember> setActive(StaffPrincipal actor, UUID id, boolean active, long expectedVersion) {
    return store.find(id).compose(found -> {
      StaffMember current = found.orElseThrow(() -> ProblemException.notFound("No staff account " + id));
      return update(actor, id, new StaffDraft(current.email(), current.displayName(), current.role(),
          current.centreIds(), null, active), expectedVersion);
    });
  }

  public Future<Void> delete(StaffPrincipal actor, UUID id) {
    if (actor.id().equals(id)) {
      throw ProblemException.conflict("id", "You cannot delete your own account");
    }
    return store.find(id).compose(found -> {
      StaffMember current = found.orElseThrow(() -> ProblemException.notFound("No staff account " + id));
      requireMayManage(actor, current.role(), current.centreIds());
      return store.delete(id).recover(failure -> Future.failedFuture(SqlErrors.isForeignKeyViolation(failure)
          ? ProblemException.conflict("id", "This person still teaches scheduled sessions; reassign them first")
          : failure));
    }).<Void>mapEmpty().onSuccess(v -> principals.changed(id));
  }

  public Future<Long> count() {
    return store.count();
  }

  /** Whether {@code actor} may change {@code member}'s account (their own name, e-mail and password aside). */
  public static boolean mayManage(StaffPrincipal actor, StaffMember member) {
    return refusal(actor, member.role(), member.centreIds()).isEmpty();
  }

  /** The roles {@code actor} may give an account. */
  public static Set<Role> assignableRoles(StaffPrincipal actor) {
    return actor.isAdmin() ? EnumSet.allOf(Role.class)
        : actor.role() == Role.COORDINATOR ? EnumSet.of(Role.INSTRUCTOR, Role.ANIMATOR) : EnumSet.noneOf(Role.class);
  }

  static void requireMayManage(StaffPrincipal actor, Role role, Set<UUID> centreIds) {
    refusal(actor, role, centreIds).ifPresent(reason -> {
      throw ProblemException.forbidden(reason);
    });
  }

  private static Optional<String> refusal(StaffPrincipal actor, Role role, Set<UUID> centreIds) {
    if (actor.isAdmin()) {
      return Optional.empty();
    }
    if (actor.role() != Role.COORDINATOR) {
      return Optional.of("Only an ADMIN or a COORDINATOR manages staff accounts");
    }
    if (role == Role.ADMIN || role == Role.COORDINATOR) {
      return Optional.of("Only an ADMIN manages ADMIN and COORDINATOR accounts");
    }
    if (centreIds.isEmpty() || !actor.coordinatesAll(centreIds)) {
      return Optional.of("You can only manage staff of the centres you coordinate");
    }
    return Optional.empty();
  }

  private Future<StaffMember> currentVersionConflict(UUID id) {
    return store.find(id).map(found -> {
      throw found.map(member -> ProblemException.preconditionFailed(member.version()))
          .orElseGet(() -> ProblemException.notFound("No staff account " + id));
    });
  }

  private static <T> Future<T> explainWriteFailure(Throwable failure) {
    if (SqlErrors.isUniqueViolation(failure)) {
      return Future.failedFuture(ProblemException.conflict("email", "An account with this e-mail already exists"));
    }
    if (SqlErrors.isForeignKeyViolation(failure)) {
      return Future.failedFuture(new InvalidFieldException("centreIds", "centreIds names a centre that does not exist"));
    }
    return Future.failedFuture(failure);
  }
}
