package org.relais.hub.accounts;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.relais.hub.centres.Centre;
import org.relais.hub.centres.CentreService;
import org.relais.hub.http.ProblemException;
import org.relais.hub.http.PublicAddress;
import org.relais.hub.pages.Pages;
import org.relais.hub.staff.PasswordResets;
import org.relais.hub.staff.StaffAccounts;
import org.relais.hub.staff.StaffDraft;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.hub.staffapp.StaffArea;
import org.relais.hub.staffapp.StaffPages;
import org.relais.hub.validation.Checks;
import org.relais.hub.validation.InvalidFieldException;
import org.relais.protocol.Role;

/**
 * Staff accounts in the staff app: the list, creating an account (with a password, or better a link its owner
 * chooses one with), changing its role and centres, deactivating and reactivating it, and issuing a link to
 * choose a new password. Also {@code /staff/reset/{token}}, the page such a link opens, without a session. The
 * rules of who manages whom are {@link StaffAccounts}'s.
 */
public final class AccountPages implements StaffArea.Section {
  private static final int PAGE_SIZE = 100;
  /** Enough for every centre of a network: 60 in the largest we know. */
  private static final int MAX_CENTRES = 1000;
  private static final String PREFIX = "staff_accounts_error";

  private final StaffPages pages;
  private final StaffAccounts accounts;
  private final PasswordResets resets;
  private final CentreService centres;
  private final PublicAddress address;
  private final ZoneId zone;

  public AccountPages(StaffPages pages, StaffAccounts accounts, PasswordResets resets, CentreService centres,
      PublicAddress address, ZoneId zone) {
    this.pages = pages;
    this.accounts = accounts;
    this.resets = resets;
    this.centres = centres;
    this.address = address;
    this.zone = zone;
  }

  @Override
  public void mountOpen(Router staff) {
    staff.get("/reset/:token").handler(this::resetPage);
    staff.post("/reset/:token").handler(this::reset);
  }

  @Override
  public void mount(Router staff) {
    staff.get("/accounts").handler(this::list);
    staff.get("/accounts/new").handler(this::newForm);
    staff.post("/accounts").handler(this::create);
    staff.get("/accounts/:id").handler(this::editForm);
    staff.post("/accounts/:id").handler(this::update);
    staff.post("/accounts/:id/deactivate").handler(ctx -> setActive(ctx, false));
    staff.post("/accounts/:id/reactivate").handler(ctx -> setActive(ctx, true));
    staff.post("/accounts/:id/reset-link").handler(this::issueLink);
  }

  // --- the list -------------------------------------------------------------------------------

  private void list(RoutingContext ctx) {
    StaffPrincipal me = StaffPages.principal(ctx);
    attempt(() -> {
      requireManager(me);
      return accounts.list(me, PAGE_SIZE, ctx.request().getParam("after"));
    }).compose(page -> centreNames().compose(names -> {
      List<Map<String, Object>> rows = page.items().stream().map(member -> Map.<String, Object>of(
          "id", member.id().toString(),
          "displayName", member.displayName(),
          "email", member.email(),
          "role", pages.text(ctx, "staff_role_" + member.role().name()),
          "centres", member.role() == Role.ADMIN ? pages.text(ctx, "staff_accounts_all_centres")
              : member.centreIds().stream().map(id -> names.getOrDefault(id, "?")).sorted()
                  .collect(Collectors.joining(", ")),
          "active", member.active(),
          "manageable", StaffAccounts.mayManage(me, member))).toList();
      Map<String, Object> model = new HashMap<>();
      model.put("accounts", rows);
      if (page.next() != null) {
        model.put("next", "/staff/accounts?after=" + page.next());
      }
      return pages.render(ctx, 200, "staff-accounts-list", model);
    })).onFailure(ctx::fail);
  }

  // --- creating -------------------------------------------------------------------------------

  private void newForm(RoutingContext ctx) {
    StaffPrincipal me = StaffPages.principal(ctx);
    attempt(() -> {
      requireManager(me);
      return renderForm(ctx, 200, null, Values.empty(me), Map.of());
    }).onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    StaffPrincipal me = StaffPages.principal(ctx);
    Values values = Values.of(ctx.request().formAttributes());
    attempt(() -> {
      requireManager(me);
      String password = values.password().isEmpty() ? null : values.password();
      return accounts.create(me, values.draft(password, null));
    }).compose(member -> values.password().isEmpty()
        ? resets.issue(me, member.id()).compose(link -> renderLink(ctx, 201, member, link, true))
        : Future.succeededFuture(redirect(ctx, "/staff/accounts", "account_created")))
        .onFailure(failure -> formFailed(ctx, failure, null, values));
  }

  // --- changing -------------------------------------------------------------------------------

  private void editForm(RoutingContext ctx) {
    Pages.idOrNext(ctx, "id").ifPresent(id -> managed(ctx, id)
        .compose(member -> renderForm(ctx, 200, member, Values.of(member), Map.of()))
        .onFailure(ctx::fail));
  }

  private void update(RoutingContext ctx) {
    Pages.idOrNext(ctx, "id").ifPresent(id -> {
      Values values = Values.of(ctx.request().formAttributes());
      managed(ctx, id).onSuccess(current -> attempt(() -> accounts.update(StaffPages.principal(ctx), id,
              values.draft(null, null), values.versionNumber()))
          .onSuccess(done -> redirect(ctx, "/staff/accounts", "account_saved"))
          .onFailure(failure -> formFailed(ctx, failure, current, values)))
          .onFailure(ctx::fail);
    });
  }

  private void setActive(RoutingContext ctx, boolean active) {
    Pages.idOrNext(ctx, "id").ifPresent(id -> managed(ctx, id).onSuccess(current -> {
      Values values = Values.of(current);
      attempt(() -> accounts.setActive(StaffPages.principal(ctx), id, active,
          Values.version(ctx.request().getFormAttribute("version"))))
          .onSuccess(done -> redirect(ctx, "/staff/accounts", active ? "account_reactivated"
              : "account_deactivated"))
          .onFailure(failure -> formFailed(ctx, failure, current, values));
    }).onFailure(ctx::fail));
  }

  private void issueLink(RoutingContext ctx) {
    Pages.idOrNext(ctx, "id").ifPresent(id -> managed(ctx, id)
        .compose(member -> resets.issue(StaffPages.principal(ctx), id)
            .compose(link -> renderLink(ctx, 200, member, link, false))
            .recover(failure -> isProblem(failure, 409)
                ? renderForm(ctx, 409, member, Values.of(member), Map.of("form",
                    pages.text(ctx, "staff_accounts_link_inactive")))
                : Future.failedFuture(failure)))
        .onFailure(ctx::fail));
  }

  /** The account {@code id}, if the signed-in member may manage it: 403 otherwise, 404 if there is none. */
  private Future<StaffMember> managed(RoutingContext ctx, UUID id) {
    StaffPrincipal me = StaffPages.principal(ctx);
    return attempt(() -> {
      requireManager(me);
      return accounts.get(me, id);
    }).map(member -> {
      if (!StaffAccounts.mayManage(me, member)) {
        throw ProblemException.forbidden("You do not manage this account");
      }
      return member;
    });
  }

  /** A refused form: its errors next to the fields, its values kept; refusals and the unexpected as pages. */
  private void formFailed(RoutingContext ctx, Throwable failure, StaffMember current, Values values) {
    Map<String, String> errors = new HashMap<>();
    int status;
    if (failure instanceof InvalidFieldException invalid) {
      status = 422;
      String field = invalid.field().startsWith("centreIds") ? "centreIds" : invalid.field();
      errors.put(field, field.equals("centreIds") && values.role() != null
          ? pages.text(ctx, values.role() == Role.ADMIN ? "staff_accounts_error_centreIds_admin"
              : "staff_accounts_error_centreIds")
          : pages.fieldError(ctx, PREFIX, new InvalidFieldException(field, invalid.getMessage())));
    } else if (isProblem(failure, 412)) {
      status = 409;
      errors.put("stale", pages.text(ctx, "staff_accounts_changed_meanwhile"));
    } else if (isProblem(failure, 409)) {
      status = 409;
      String field = ((ProblemException) failure).problem().field();
      errors.put("email".equals(field) ? "email" : "form", pages.text(ctx, "email".equals(field)
          ? "staff_accounts_error_email_taken" : "staff_accounts_error_self"));
    } else {
      ctx.fail(failure);
      return;
    }
    renderForm(ctx, status, current, values, errors).onFailure(ctx::fail);
  }

  private Future<Void> renderForm(RoutingContext ctx, int status, StaffMember current, Values values,
      Map<String, String> errors) {
    StaffPrincipal me = StaffPages.principal(ctx);
    return assignableCentres(me).compose(offered -> {
      Map<String, Object> model = new HashMap<>();
      model.put("values", values.toModel());
      model.put("errors", errors);
      model.put("roles", StaffAccounts.assignableRoles(me).stream().map(role -> Map.<String, Object>of(
          "value", role.name(), "label", pages.text(ctx, "staff_role_" + role.name()),
          "selected", role == values.role())).toList());
      model.put("centres", offered.stream().map(centre -> Map.<String, Object>of(
          "id", centre.id().toString(), "name", centre.name(),
          "checked", values.centreIds().contains(centre.id().toString()))).toList());
      if (current != null) {
        model.put("account", Map.of("id", current.id().toString(), "displayName", current.displayName(),
            "active", current.active(), "version", current.version(), "self", current.id().equals(me.id())));
      }
      return pages.render(ctx, status, "staff-accounts-form", model);
    });
  }

  private Future<Void> renderLink(RoutingContext ctx, int status, StaffMember member, PasswordResets.Issued link,
      boolean created) {
    DateTimeFormatter format = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.LONG, FormatStyle.SHORT)
        .withLocale(Locale.forLanguageTag(pages.language(ctx))).withZone(zone);
    return pages.render(ctx, status, "staff-accounts-link", Map.of(
        "member", Map.of("displayName", member.displayName(), "email", member.email()),
        "link", address.link("/staff/reset/" + link.token()),
        "expiresAt", format.format(link.expiresAt()),
        "created", created));
  }

  // --- the link's page, open without a session ------------------------------------------------

  private void resetPage(RoutingContext ctx) {
    resets.find(ctx.pathParam("token")).onSuccess(found -> {
      if (found.isEmpty()) {
        renderDeadLink(ctx);
      } else {
        renderReset(ctx, 200, found.get(), Map.of());
      }
    }).onFailure(ctx::fail);
  }

  private void reset(RoutingContext ctx) {
    String token = ctx.pathParam("token");
    String password = ctx.request().getFormAttribute("password");
    String again = ctx.request().getFormAttribute("confirmation");
    resets.find(token).onSuccess(found -> {
      if (found.isEmpty()) {
        renderDeadLink(ctx);
        return;
      }
      if (password != null && !password.equals(again)) {
        renderReset(ctx, 422, found.get(), Map.of("confirmation", pages.text(ctx, "staff_accounts_reset_mismatch")));
        return;
      }
      attempt(() -> resets.use(token, password))
          .onSuccess(member -> redirect(ctx, "/staff/login", "password_changed"))
          .onFailure(failure -> {
            if (failure instanceof InvalidFieldException) {
              renderReset(ctx, 422, found.get(), Map.of("password",
                  pages.text(ctx, "staff_accounts_error_password")));
            } else if (isProblem(failure, 404)) {
              renderDeadLink(ctx);
            } else {
              ctx.fail(failure);
            }
          });
    }).onFailure(ctx::fail);
  }

  private void renderReset(RoutingContext ctx, int status, StaffMember member, Map<String, String> errors) {
    pages.render(ctx, status, "staff-accounts-reset", Map.of("member",
            Map.of("displayName", member.displayName(), "email", member.email()), "errors", errors,
            "action", ctx.request().path()))
        .onFailure(ctx::fail);
  }

  private void renderDeadLink(RoutingContext ctx) {
    pages.render(ctx, 404, "staff-accounts-reset", Map.of("dead", true)).onFailure(ctx::fail);
  }

  // --- helpers --------------------------------------------------------------------------------

  private Future<Map<UUID, String>> centreNames() {
    return centres.list(MAX_CENTRES, null).map(page -> page.items().stream()
        .collect(Collectors.toMap(Centre::id, Centre::name)));
  }

  /** The centres {@code me} may put an account in: every one for an admin, their own for a coordinator. */
  private Future<List<Centre>> assignableCentres(StaffPrincipal me) {
    return centres.list(MAX_CENTRES, null).map(page -> page.items().stream()
        .filter(centre -> me.coordinates(centre.id()))
        .sorted(Comparator.comparing(Centre::name, String.CASE_INSENSITIVE_ORDER)).toList());
  }

  private static void requireManager(StaffPrincipal me) {
    me.requireRole(Role.ADMIN, Role.COORDINATOR);
  }

  private static Void redirect(RoutingContext ctx, String path, String notice) {
    StaffPages.redirect(ctx, path, notice);
    return null;
  }

  private static boolean isProblem(Throwable failure, int status) {
    return failure instanceof ProblemException problem && problem.problem().status() == status;
  }

  /** {@code work}'s future, or what it threw before making one (a service checks its input as it is called). */
  private static <T> Future<T> attempt(Supplier<Future<T>> work) {
    try {
      return work.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** An account form's values as typed, kept to show again next to the errors. */
  private record Values(String displayName, String email, Role role, List<String> centreIds, String password,
      String version) {

    static Values empty(StaffPrincipal me) {
      Role role = me.isAdmin() ? null : Role.ANIMATOR;
      return new Values("", "", role, me.isAdmin() || me.centreIds().size() != 1 ? List.of()
          : List.of(me.centreIds().iterator().next().toString()), "", "");
    }

    static Values of(StaffMember member) {
      return new Values(member.displayName(), member.email(), member.role(),
          member.centreIds().stream().map(UUID::toString).toList(), "", String.valueOf(member.version()));
    }

    static Values of(MultiMap form) {
      Role role;
      try {
        role = Role.valueOf(form.get("role"));
      } catch (IllegalArgumentException | NullPointerException e) {
        role = null;
      }
      return new Values(text(form.get("displayName")), text(form.get("email")), role, form.getAll("centreIds"),
          form.get("password") == null ? "" : form.get("password"), text(form.get("version")));
    }

    StaffDraft draft(String newPassword, Boolean active) {
      Set<UUID> ids = new LinkedHashSet<>();
      for (String id : centreIds) {
        ids.add(Checks.uuid("centreIds", id));
      }
      return new StaffDraft(email, displayName, Checks.required("role", role), ids, newPassword, active);
    }

    long versionNumber() {
      return version(version);
    }

    static long version(String value) {
      try {
        return Long.parseLong(value);
      } catch (NumberFormatException | NullPointerException e) {
        // A form without its version: someone else's change cannot be told apart, so it is refused as one.
        throw ProblemException.preconditionFailed(0);
      }
    }

    Map<String, Object> toModel() {
      Map<String, Object> model = new HashMap<>();
      model.put("displayName", displayName);
      model.put("email", email);
      model.put("version", version);
      return model;
    }

    private static String text(String value) {
      return value == null ? "" : value.strip();
    }
  }
}
