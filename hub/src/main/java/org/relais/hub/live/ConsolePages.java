package org.relais.hub.live;

import io.vertx.ext.web.Router;
import java.util.Map;
import org.relais.hub.pages.Pages;

/**
 * {@code /console/sessions/{id}}: the instructor's live view of a session. The page holds no data: it
 * signs in, then reads the figures from the API and follows them over the live bridge.
 */
public final class ConsolePages {
  private final Pages pages;

  public ConsolePages(Pages pages) {
    this.pages = pages;
  }

  public void mount(Router router) {
    router.get("/console/sessions/:id").handler(ctx -> Pages.idOrNext(ctx, "id").ifPresent(id ->
        pages.render(ctx, 200, "console", Map.of("sessionId", id.toString())).onFailure(ctx::fail)));
  }
}
