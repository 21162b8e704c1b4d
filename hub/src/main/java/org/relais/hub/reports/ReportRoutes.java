package org.relais.hub.reports;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import org.relais.hub.http.Api;
import org.relais.hub.http.ApiRouter;
import org.relais.hub.pages.Messages;
import org.relais.hub.staff.StaffPrincipal;

/** The attendance report as API: JSON, or the same figures as a spreadsheet file ({@code format=csv}). */
public final class ReportRoutes implements ApiRouter.Feature {
  private final Reports reports;
  private final Messages messages;
  private final String defaultLanguage;

  public ReportRoutes(Reports reports, Messages messages, String defaultLanguage) {
    this.reports = reports;
    this.messages = messages;
    this.defaultLanguage = defaultLanguage;
  }

  @Override
  public void bind(ApiRouter api) {
    api.staffOperation("getAttendanceReport", this::report);
  }

  private void report(RoutingContext ctx) {
    ReportQuery query = reports.query(Api.query(ctx, "from"), Api.query(ctx, "to"), Api.query(ctx, "centre"),
        Api.query(ctx, "by"));
    if (!"csv".equals(Api.query(ctx, "format"))) {
      Api.respond(ctx, 200, () -> reports.report(StaffPrincipal.of(ctx), query)
          .map(report -> ReportFormats.json(report, reports.config().presentPercent())));
      return;
    }
    String lang = Api.query(ctx, "lang");
    String language = lang == null || !Messages.LANGUAGES.contains(lang) ? defaultLanguage : lang;
    reports.report(StaffPrincipal.of(ctx), query)
        .map(report -> ReportFormats.csv(report, key -> messages.get(language, key), language))
        .onSuccess(file -> ctx.response()
            .putHeader(HttpHeaders.CONTENT_TYPE, "text/csv; charset=utf-8")
            .putHeader("Content-Disposition", "attachment; filename=\"" + fileName(query) + "\"")
            .end(file))
        .onFailure(ctx::fail);
  }

  /** "frequentation-2026-11-01-2026-11-30-by-month.csv" */
  public static String fileName(ReportQuery query) {
    return "frequentation-" + query.from() + "-" + query.to() + "-" + query.by().param() + ".csv";
  }
}
