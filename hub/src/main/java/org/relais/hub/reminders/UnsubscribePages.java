package org.relais.hub.reminders;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.relais.hub.outbox.Outbox;
import org.relais.hub.registrations.RegistrationService;

/**
 * The link every e-mail carries (List-Unsubscribe): it names the registration by a token of its own that only
 * unsubscribes (never the manage token, see {@link UnsubscribeTokens}). Opening it shows a button (mail scanners
 * open links, so a GET changes nothing), or says the address is already unsubscribed; the button, or a mail
 * program's one-click POST (RFC 8058), opts the registration's address out of e-mail for good.
 */
public final class UnsubscribePages {
  public static final String PATH = "/unsubscribe/";

  private final RegistrationService registrations;
  private final UnsubscribeTokens tokens;
  private final Outbox outbox;
  private final Notices notices;

  UnsubscribePages(RegistrationService registrations, UnsubscribeTokens tokens, Outbox outbox, Notices notices) {
    this.registrations = registrations;
    this.tokens = tokens;
    this.outbox = outbox;
    this.notices = notices;
  }

  public void mount(Router root, int maxBodyBytes) {
    root.get(PATH + ":token").handler(ctx -> show(ctx, false));
    root.post(PATH + ":token").handler(BodyHandler.create().setBodyLimit(maxBodyBytes)).handler(ctx -> show(ctx, true));
  }

  private void show(RoutingContext ctx, boolean unsubscribe) {
    ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    tokens.registrationId(ctx.pathParam("token"))
        .map(id -> registrations.byManageToken(registrations.manageToken(id)))
        .orElseGet(() -> Future.failedFuture("unknown unsubscribe token"))
        .compose(registered -> {
          var details = registered.registration().details();
          String language = Notices.language(details.language());
          String address = details.email();
          if (address == null) {
            return Future.succeededFuture(unknown(language));
          }
          if (unsubscribe) {
            return outbox.unsubscribe(address, "unsubscribe link")
                .map(done -> page(language, 200, text(language, "notices.unsubscribe.done", address), null));
          }
          return outbox.isUnsubscribed(address).map(already -> already
              ? page(language, 200, text(language, "notices.unsubscribe.already", address), null)
              : page(language, 200, text(language, "notices.unsubscribe.ask", address), ctx.request().path()));
        })
        .recover(failure -> Future.succeededFuture(unknown("fr")))
        .onSuccess(page -> ctx.response().setStatusCode(page.status())
            .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8").end(page.html()))
        .onFailure(ctx::fail);
  }

  private record Page(int status, String html) {}

  private Page unknown(String language) {
    return page(language, 404, Notices.escape(notices.text(language, "notices.unsubscribe.unknown")), null);
  }

  private String text(String language, String key, String address) {
    // Isolated and left-to-right: inside an Arabic sentence the address keeps its order and the full stop its place.
    return Notices.escape(notices.text(language, key)).replace("{address}", "<bdi dir=\"ltr\">"
        + Notices.escape(address) + "</bdi>");
  }

  private Page page(String language, int status, String message, String formAction) {
    String title = Notices.escape(notices.text(language, "notices.unsubscribe.title"));
    String schedule = Notices.escape(notices.text(language, "notices.unsubscribe.schedule"));
    String home = "/?lang=" + language;
    String form = formAction == null ? "" : "<form method=\"post\" action=\"" + Notices.escape(formAction)
        + "\"><button type=\"submit\">" + Notices.escape(notices.text(language, "notices.unsubscribe.button"))
        + "</button></form>";
    return new Page(status, "<!DOCTYPE html><html lang=\"" + language + "\" dir=\"" + ("ar".equals(language) ? "rtl"
        : "ltr") + "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, "
        + "initial-scale=1\"><title>" + title + "</title><link rel=\"stylesheet\" href=\"/static/css/relais.css\">"
        + "<link rel=\"icon\" href=\"/static/icons/logo.svg\" type=\"image/svg+xml\"></head><body>"
        + "<header class=\"top\"><a class=\"brand\" href=\"" + home + "\"><img src=\"/static/icons/logo.svg\" alt=\"\""
        + " width=\"32\" height=\"32\"><span>Relais</span></a><nav aria-label=\"" + schedule + "\"><a href=\"" + home
        + "\">" + schedule + "</a></nav></header>"
        + "<main id=\"main\"><h1>" + title + "</h1><p>" + message + "</p>" + form + "</main></body></html>");
  }
}
