package org.relais.site.cli;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.relais.site.link.Enrolment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Trades an enrolment code from the hub for this relay's credential, kept in the data directory. */
@Command(name = "enrol",
    description = "Enrol this relay-site with the hub, using the code a coordinator got for the room.")
public final class EnrolCommand implements Callable<Integer> {
  @ParentCommand
  RelaySiteCommand parent;

  @Option(names = "--hub", required = true, description = "The hub's address, e.g. https://relais.example.org")
  URI hub;

  @Option(names = "--code", required = true, description = "The enrolment code (single use, valid a day)")
  String code;

  @Override
  public Integer call() throws Exception {
    var config = parent.config();
    if (hub.getScheme() == null || !(hub.getScheme().equals("http") || hub.getScheme().equals("https"))) {
      System.err.println("--hub must be an http:// or https:// address");
      return RelaySiteCommand.CONFIG_ERROR;
    }
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    HttpResponse<String> answer = client.send(HttpRequest.newBuilder(hub.resolve("/api/v1/sites/enrol"))
        .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("code", code).encode())).build(),
        HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 201) {
      String detail = answer.body();
      try {
        detail = new JsonObject(answer.body()).getString("detail", detail);
      } catch (RuntimeException notJson) {
        // Keep the raw body.
      }
      System.err.println("The hub refused the enrolment (" + answer.statusCode() + "): " + detail);
      return 1;
    }
    JsonObject enrolled = new JsonObject(answer.body());
    Enrolment enrolment = new Enrolment(hub, UUID.fromString(enrolled.getString("siteId")),
        enrolled.getString("siteName"), UUID.fromString(enrolled.getString("centreId")),
        enrolled.getString("centreName"), enrolled.getString("credential"));
    enrolment.write(config.dataDir());
    System.out.println("Enrolled as " + enrolment.siteName() + " (" + enrolment.centreName() + "). Credential kept in "
        + config.dataDir().toAbsolutePath().resolve("site.json") + " (0600).");
    System.out.println("Start the relay with: relay-site serve");
    return 0;
  }
}
