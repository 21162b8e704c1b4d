package org.relais.hub.pages;

import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.relais.hub.http.FailureHandler;
import org.relais.hub.http.Problem;

/** What a browser sees when a page fails: a short message in its language and the way back. */
public final class HtmlErrorPage implements FailureHandler.HtmlErrors {
  private final Pages pages;

  public HtmlErrorPage(Pages pages) {
    this.pages = pages;
  }

  @Override
  public void render(RoutingContext ctx, Problem problem) {
    String language = pages.language(ctx);
    boolean notFound = problem.status() == 404;
    String heading = pages.messages().get(language, notFound ? "error_title_404" : "error_title");
    String text = pages.messages().get(language, notFound ? "error_text_404" : "error_text");
    pages.render(ctx, problem.status(), "error", Map.of("heading", heading, "text", text))
        .onFailure(e -> ctx.response().setStatusCode(problem.status()).end(heading));
  }
}
