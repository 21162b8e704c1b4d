package org.relais.hub.testing;

import com.microsoft.playwright.Page;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.api.Assertions;

/** A page with everything that must not happen on it recorded: dialogs, script errors, console errors. */
public final class WatchedPage {
  public final Page page;
  public final List<String> problems = new CopyOnWriteArrayList<>();

  public WatchedPage(Page page) {
    this.page = page;
    page.onDialog(dialog -> {
      problems.add("dialog: " + dialog.message());
      dialog.dismiss();
    });
    page.onPageError(error -> problems.add("page error: " + error));
    page.onConsoleMessage(message -> {
      if (message.type().equals("error") || message.type().equals("warning")) {
        problems.add("console " + message.type() + ": " + message.text());
      }
    });
    page.onRequestFailed(request -> problems.add("failed request: " + request.url()));
  }

  /** Forgets the browser's note of a refused form's status: that refusal was the point of the step. */
  public void refusedWith(int status) {
    problems.removeIf(problem -> problem.contains("status of " + status + " "));
  }

  public void assertQuiet() {
    Assertions.assertThat(problems).as("dialogs, errors and failed loads on the page").isEmpty();
  }
}
