package org.relais.hub.staffapp;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.relais.hub.http.ProblemException;
import org.relais.hub.pages.Messages;
import org.relais.hub.pages.Pages;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.hub.staff.StaffSessions;
import org.relais.hub.storage.SqlErrors;
import org.relais.hub.validation.InvalidFieldException;
import org.relais.web.MessageBundles;

/**
 * Renders the staff app's pages in their layout: the menu of the signed-in member's role, their name, the
 * sign-out button, the session's CSRF token for every form, and a notice after a change ("Cours enregistré").
 * Also the staff app's error pages, in the same layout.
 */
public final class StaffPages {
  private static final String SESSION_KEY = "relais.staff.session";
  private static final Pattern NOTICE = Pattern.compile("[a-z_]{1,40}");

  private final Pages pages;

  public StaffPages(Pages pages) {
    this.pages = pages;
  }

  static void signedIn(RoutingContext ctx, StaffSessions.Current current) {
    ctx.put(SESSION_KEY, current);
  }

  /** Who is signed in; every page behind the area has one. */
  public static StaffPrincipal principal(RoutingContext ctx) {
    return StaffPrincipal.of(ctx);
  }

  public static String csrfToken(RoutingContext ctx) {
    StaffSessions.Current current = ctx.get(SESSION_KEY);
    return current == null ? "" : current.csrfToken();
  }

  public Pages pages() {
    return pages;
  }

  /** The staff's pages speak French or English only, whatever a family's page on the same browser spoke. */
  public String language(RoutingContext ctx) {
    return pages.language(ctx, MessageBundles.STAFF_LANGUAGES);
  }

  /** A text of the bundles in the page's language. */
  public String text(RoutingContext ctx, String key) {
    return pages.messages().get(language(ctx), key);
  }

  /** Every text of the bundles in the page's language, by key. */
  public Map<String, String> texts(RoutingContext ctx) {
    return pages.messages().of(language(ctx));
  }

  /**
   * Renders {@code templates/<name>.peb} (which extends {@code staff-layout.peb}) with the model and the
   * layout's own: {@code csrf}, {@code me}, {@code nav}, {@code notice}.
   */
  public Future<Void> render(RoutingContext ctx, int status, String name, Map<String, Object> model) {
    String language = language(ctx);
    Map<String, String> texts = pages.messages().of(language);
    Map<String, Object> context = new HashMap<>(model);
    context.put("csrf", csrfToken(ctx));
    StaffSessions.Current current = ctx.get(SESSION_KEY);
    if (current != null) {
      context.put("me", Map.of("displayName", current.displayName(),
          "role", texts.get("staff_role_" + current.principal().role().name())));
      String path = ctx.request().path().equals("/staff/") ? "/staff" : ctx.request().path();
      List<Map<String, Object>> nav = StaffNav.of(current.principal().role()).stream()
          .map(entry -> Map.<String, Object>of("href", entry.href(), "label", texts.get(entry.labelKey()),
              "current", path.equals(entry.href()) || path.startsWith(entry.href() + "/")
                  && !entry.href().equals("/staff")))
          .toList();
      context.put("nav", nav);
    }
    String notice = ctx.request().getParam("notice");
    if (notice != null && NOTICE.matcher(notice).matches() && texts.containsKey("staff_notice_" + notice)) {
      context.put("notice", texts.get("staff_notice_" + notice));
    }
    return pages.render(ctx, status, name, context, null, MessageBundles.STAFF_LANGUAGES);
  }

  /** After a change: back to {@code path} (see-other), saying what was done with {@code staff_notice_<notice>}. */
  public static void redirect(RoutingContext ctx, String path, String notice) {
    String location = notice == null ? path
        : path + (path.contains("?") ? "&" : "?") + "notice=" + URLEncoder.encode(notice, StandardCharsets.UTF_8);
    ctx.response().setStatusCode(303).putHeader(HttpHeaders.LOCATION, location).end();
  }

  /** The form's version: what the member saw, so a change made meanwhile by someone else is not overwritten. */
  public static long formVersion(RoutingContext ctx) {
    String version = ctx.request().getFormAttribute("version");
    return version != null && version.matches("[0-9]{1,18}") ? Long.parseLong(version) : -1;
  }

  /**
   * A field's error in words a social worker understands: {@code <prefix>_<field>} from the bundles, or a
   * general "check this field" when the form has no sentence for that rule.
   */
  public String fieldError(RoutingContext ctx, String prefix, InvalidFieldException invalid) {
    Map<String, String> texts = pages.messages().of(language(ctx));
    return texts.getOrDefault(prefix + "_" + invalid.field(), texts.get("staff_error_field"));
  }

  /** A date and time as a social worker reads it, in the page's language: "lun. 7 déc. 2026, 14:00". */
  public String dateTime(RoutingContext ctx, Instant instant, ZoneId zone) {
    return dateTime(Messages.locale(language(ctx))).format(instant.atZone(zone));
  }

  /** How the staff's pages write a date and time in {@code locale}. */
  public static DateTimeFormatter dateTime(Locale locale) {
    return DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm", locale);
  }

  /** The staff app's failure handler: refusals and missing records as pages in the layout. */
  void renderFailure(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    int status;
    String key;
    if (failure instanceof ProblemException problem) {
      status = problem.problem().status();
      key = switch (status) {
        case 401 -> null;
        case 403 -> problem.problem().type().endsWith(":csrf-token") ? "staff_error_csrf" : "staff_error_forbidden";
        case 404 -> "staff_error_not_found";
        case 429 -> "staff_error_too_many";
        case 503 -> "staff_error_unavailable";
        default -> "staff_error_refused";
      };
      if (status == 401) {
        redirect(ctx, "/staff/login", null);
        return;
      }
    } else if (failure instanceof InvalidFieldException) {
      status = 422;
      key = "staff_error_field";
    } else if (failure != null && SqlErrors.isUnavailable(failure)) {
      status = 503;
      key = "staff_error_unavailable";
    } else if (failure == null && ctx.statusCode() == 404) {
      status = 404;
      key = "staff_error_not_found";
    } else {
      // Unexpected: the hub's own failure handler logs it with an incident id.
      ctx.next();
      return;
    }
    render(ctx, status, "staff-message", Map.of("heading", text(ctx, key + "_title"), "text", text(ctx, key)))
        .onFailure(e -> ctx.response().setStatusCode(status).end());
  }
}
