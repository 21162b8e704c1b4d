package org.relais.hub.live;

import io.vertx.ext.web.Router;
import java.util.Map;
import java.util.UUID;
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
    router.get("/console/sessions/:id").handler(ctx -> {
      String id = ctx.pathParam("id");
      try {
        UUID.fromString(id);
      } catch (IllegalArgumentException e) {
        ctx.next();
        return;
      }
      pages.render(ctx, 200, "console", Map.of("sessionId", id)).onFailure(ctx::fail);
    });
  }
}
