package org.relais.hub.households;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.relais.hub.pages.Messages;
import org.relais.hub.privacy.PrivacyLog;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.hub.staffapp.StaffArea;
import org.relais.hub.staffapp.StaffPages;
import org.relais.protocol.Role;

/**
 * The privacy page ({@code /staff/privacy}) for the data protection officer: how long families' data is kept, the
 * retention job's last runs and the privacy log, newest first. Admins read the whole log; a coordinator reads the
 * entries of their own centres only (an entry of no centre, such as the network's off-the-radar list, a family's
 * own download or the retention job, is the admins' alone). Instructors and animators are refused. Reading the
 * page is itself logged.
 */
public final class StaffPrivacyPages implements StaffArea.Section {
  /** Entries one page shows; "older entries" goes on from the last. */
  static final int PAGE = 50;
  /** Retention runs shown. */
  static final int RUNS = 10;

  private final PrivacyLog log;
  private final Retention retention;
  private final StaffPages pages;
  private final ZoneId zone;

  public StaffPrivacyPages(PrivacyLog log, Retention retention, StaffPages pages, ZoneId zone) {
    this.log = log;
    this.retention = retention;
    this.pages = pages;
    this.zone = zone;
  }

  @Override
  public void mount(Router staff) {
    staff.get("/privacy").handler(this::page);
  }

  /** The centres whose entries {@code member} reads: all (empty) for an admin, theirs for a coordinator. */
  static Optional<Set<UUID>> scopeOf(StaffPrincipal member) {
    member.requireRole(Role.ADMIN, Role.COORDINATOR);
    return member.isAdmin() ? Optional.empty() : Optional.of(member.centreIds());
  }

  private void page(RoutingContext ctx) {
    StaffPrincipal me = StaffPages.principal(ctx);
    Optional<Set<UUID>> scope;
    try {
      scope = scopeOf(me);
    } catch (RuntimeException refused) {
      ctx.fail(refused);
      return;
    }
    PrivacyLog.Action only = action(ctx.request().getParam("action"));
    PrivacyLog.Cursor before = PrivacyLog.Cursor.parse(ctx.request().getParam("before")).orElse(null);
    String detail = (only == null ? "" : "action=" + only.name()) + (before == null ? "" : " before=" + before.at());
    log.staff(me.id(), PrivacyLog.Action.PRIVACY_LOG_VIEWED, null, null, detail.isBlank() ? null : detail.strip())
        .compose(logged -> retention.latestRuns(RUNS))
        .compose(runs -> log.page(scope, only, before, PAGE + 1).compose(entries -> {
          Map<String, Object> model = new HashMap<>();
          model.put("keptSentence", MessageFormat.format(pages.text(ctx, "staff_privacy_kept"),
              retention.months()));
          model.put("logSentence", MessageFormat.format(pages.text(ctx, "staff_privacy_log_kept"),
              retention.logMonths()));
          model.put("scopeSentence", pages.text(ctx, me.isAdmin() ? "staff_privacy_scope_admin"
              : "staff_privacy_scope_coordinator"));
          model.put("runs", runs.stream().map(run -> Map.of(
              "ranAt", pages.dateTime(ctx, run.ranAt(), zone),
              "households", run.households(), "registrations", run.registrations(), "stays", run.stays(),
              "checkIns", run.checkIns(), "texts", run.texts(), "logEntries", run.logEntries())).toList());
          List<PrivacyLog.Shown> shown = entries.subList(0, Math.min(PAGE, entries.size()));
          LogWording wording = new LogWording(pages.texts(ctx), Messages.locale(pages.language(ctx)), zone);
          model.put("entries", shown.stream().map(entry -> row(ctx, wording, entry)).toList());
          if (entries.size() > PAGE) {
            model.put("olderHref", "/staff/privacy?" + (only == null ? "" : "action=" + only.name() + "&")
                + "before=" + URLEncoder.encode(shown.get(shown.size() - 1).cursor(), StandardCharsets.UTF_8));
          }
          if (before != null) {
            model.put("newestHref", "/staff/privacy" + (only == null ? "" : "?action=" + only.name()));
          }
          model.put("filtered", only != null);
          model.put("actions", Arrays.stream(PrivacyLog.Action.values()).map(action -> Map.of(
              "value", action.name(), "label", pages.text(ctx, "staff_privacy_action_" + action.name()),
              "selected", action == only)).toList());
          return pages.render(ctx, 200, "staff-privacy", model);
        }))
        .onFailure(ctx::fail);
  }

  private Map<String, Object> row(RoutingContext ctx, LogWording wording, PrivacyLog.Shown entry) {
    String who = switch (entry.actor()) {
      case FAMILY -> pages.text(ctx, "staff_privacy_who_family");
      case SYSTEM -> pages.text(ctx, "staff_privacy_who_system");
      case STAFF -> entry.staffName() == null ? pages.text(ctx, "staff_privacy_who_gone") : entry.staffName();
    };
    Map<String, Object> row = new HashMap<>();
    row.put("when", pages.dateTime(ctx, entry.at(), zone));
    row.put("who", who);
    row.put("what", pages.text(ctx, "staff_privacy_action_" + entry.action().name()));
    row.put("centre", entry.centreName());
    row.put("subject", wording.subject(entry.subject()));
    row.put("detail", wording.detail(entry.detail()));
    return row;
  }

  private static PrivacyLog.Action action(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    return Arrays.stream(PrivacyLog.Action.values()).filter(action -> action.name().equals(raw.strip())).findFirst()
        .orElse(null);
  }
}
