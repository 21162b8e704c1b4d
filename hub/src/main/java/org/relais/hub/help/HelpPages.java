package org.relais.hub.help;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.relais.hub.join.JoinPages;
import org.relais.hub.join.JoinService;
import org.relais.hub.pages.Pages;

/**
 * A family's help page, reached from its join link: ask, follow the queue, then talk in the call's room.
 * And the staff end of a call, {@code /help-calls/{id}/room}: the page holds no data; it signs in (or is
 * handed the staff token of a kiosk's animator in its fragment), takes the call and joins its room.
 */
public final class HelpPages {
  private final JoinService join;
  private final HelpCalls calls;
  private final Pages pages;

  public HelpPages(JoinService join, HelpCalls calls, Pages pages) {
    this.join = join;
    this.calls = calls;
    this.pages = pages;
  }

  public void mount(Router router) {
    router.get("/j/:token/help").handler(this::page);
    router.get("/help-calls/:id/room").handler(this::staffRoom);
  }

  private void staffRoom(RoutingContext ctx) {
    Pages.idOrNext(ctx, "id").ifPresent(id -> staffRoom(ctx, id));
  }

  private void staffRoom(RoutingContext ctx, UUID id) {
    ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    Map<String, Object> model = new HashMap<>();
    model.put("callId", id.toString());
    model.put("token", "");
    model.put("displayName", "");
    model.put("audioOnly", false);
    model.put("iceServers", "[]");
    pages.render(ctx, 200, "help-call-room", model).onFailure(ctx::fail);
  }

  private void page(RoutingContext ctx) {
    String language = pages.language(ctx);
    String token = ctx.pathParam("token");
    ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    join.open(token).compose(view -> calls.openCallOf(view).compose(open -> {
      Map<String, Object> model = new HashMap<>();
      model.put("token", token);
      model.put("title", view.session().draft().title());
      model.put("displayName", view.claims().displayName());
      model.put("mayAsk", view.mayCallForHelp());
      model.put("openCall", open.map(call -> call.id().toString()).orElse(""));
      model.put("audioOnly", false);
      model.put("iceServers", "[]");
      return pages.render(ctx, 200, "help", model);
    })).onFailure(failure -> JoinPages.failed(ctx, pages, language, failure));
  }
}
