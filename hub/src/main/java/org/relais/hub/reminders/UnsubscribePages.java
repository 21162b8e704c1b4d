package org.relais.hub.reminders;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.relais.hub.outbox.Outbox;
import org.relais.hub.registrations.RegistrationService;

/**
 * The link every e-mail carries (List-Unsubscribe): it names the registration by its private token. Opening it
 * shows a button (mail scanners open links, so a GET changes nothing); the button, or a mail program's one-click
 * POST (RFC 8058), opts the registration's address out of e-mail for good.
 */
public final class UnsubscribePages {
  public static final String PATH = "/unsubscribe/";

  private final RegistrationService registrations;
  private final Outbox outbox;
  private final Notices notices;

  public UnsubscribePages(RegistrationService registrations, Outbox outbox, Notices notices) {
    this.registrations = registrations;
    this.outbox = outbox;
    this.notices = notices;
  }

  public void mount(Router root, int maxBodyBytes) {
    root.get(PATH + ":token").handler(ctx -> show(ctx, false));
    root.post(PATH + ":token").handler(BodyHandler.create().setBodyLimit(maxBodyBytes)).handler(ctx -> show(ctx, true));
  }

  private void show(RoutingContext ctx, boolean unsubscribe) {
    String token = ctx.pathParam("token");
    ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    registrations.byManageToken(token).compose(registered -> {
      var details = registered.registration().details();
      String language = Notices.language(details.language());
      if (details.email() == null) {
        return Future.succeededFuture(page(language, 404, text(language, "notices.unsubscribe.unknown", ""), null));
      }
      if (!unsubscribe) {
        return Future.succeededFuture(page(language, 200, text(language, "notices.unsubscribe.ask", details.email()),
            ctx.request().path()));
      }
      return outbox.unsubscribe(details.email(), "unsubscribe link")
          .map(done -> page(language, 200, text(language, "notices.unsubscribe.done", details.email()), null));
    }).recover(unknown -> Future.succeededFuture(page("fr", 404,
            text("fr", "notices.unsubscribe.unknown", ""), null)))
        .onSuccess(page -> ctx.response().setStatusCode(page.status())
            .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8").end(page.html()));
  }

  private record Page(int status, String html) {}

  private String text(String language, String key, String address) {
    // Isolated: an address read inside an Arabic sentence keeps its own left-to-right order.
    return Notices.escape(notices.text(language, key)).replace("{address}", "<bdi>" + Notices.escape(address)
        + "</bdi>");
  }

  private Page page(String language, int status, String message, String formAction) {
    String title = Notices.escape(notices.text(language, "notices.unsubscribe.title"));
    String form = formAction == null ? "" : "<form method=\"post\" action=\"" + Notices.escape(formAction)
        + "\"><button type=\"submit\">" + Notices.escape(notices.text(language, "notices.unsubscribe.button"))
        + "</button></form>";
    return new Page(status, "<!DOCTYPE html><html lang=\"" + language + "\" dir=\"" + ("ar".equals(language) ? "rtl"
        : "ltr") + "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, "
        + "initial-scale=1\"><title>" + title + "</title><link rel=\"stylesheet\" href=\"/static/css/relais.css\"><link rel=\"icon\" href=\"/static/icons/logo.svg\" type=\"image/svg+xml\">"
        + "</head><body><main><h1>" + title + "</h1><p>" + message + "</p>" + form + "</main></body></html>");
  }
}
