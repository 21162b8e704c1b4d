package org.relais.hub.network;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.relais.hub.centres.Centre;
import org.relais.hub.centres.Site;
import org.relais.hub.registrations.RegistrationRequest;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionDraft;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.testing.BridgeClient;
import org.relais.hub.testing.HubHarness;
import org.relais.protocol.Addresses;
import org.relais.protocol.Category;
import org.relais.protocol.Role;
import org.relais.protocol.VideoMode;
import org.relais.protocol.site.SiteMessage;

/**
 * A small network in the week of Monday 23 November 2026 (the harness's clock): two centres, each with its
 * classes and rooms, relay-sites enrolled through the API as a coordinator does it, and a coordinator of the
 * first centre only. Relays link over the live bridge as a relay-site does: a ticket bought with their
 * credential, their inbox registered, a hello.
 */
final class NetworkFixture implements AutoCloseable {
  final HubHarness harness;
  final Centre tisserands;
  final Centre moulins;
  final StaffMember coordinator;
  final Session cooking;
  final Session digital;
  final Session magic;
  final Site hall;
  final Site cyberspace;
  final Site workshop;
  private final String adminToken;
  private final List<BridgeClient> links = new ArrayList<>();
  private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();

  NetworkFixture(String databaseKind) {
    harness = HubHarness.start(databaseKind);
    tisserands = harness.centre("Centre social Les Tisserands");
    moulins = harness.centre("Maison de quartier des Moulins");
    coordinator = harness.staff(Role.COORDINATOR, Set.of(tisserands.id()));
    adminToken = harness.login(harness.staff(Role.ADMIN, Set.of()));
    // Tuesday 18:00, Thursday 14:00 and Wednesday 10:00 in Paris.
    cooking = session("Cuisine du monde", Category.COOKING, tisserands, "2026-11-24T17:00:00Z");
    digital = session("Premiers pas sur la tablette", Category.DIGITAL_SKILLS, tisserands, "2026-11-26T13:00:00Z");
    magic = session("Tours de magie", Category.MAGIC, moulins, "2026-11-25T09:00:00Z");
    hall = room(tisserands, "Salle polyvalente");
    cyberspace = room(tisserands, "Cyberespace");
    workshop = room(moulins, "Atelier");
    book(cooking, hall);
    book(cooking, cyberspace);
    book(magic, workshop);
  }

  private Session session(String title, Category theme, Centre centre, String start) {
    Instant at = Instant.parse(start);
    return harness.hub.schedule().createTrusted(new SessionDraft(title, theme, null, "fr", null, centre.id(), at,
        at.plus(Duration.ofHours(1)), null, 10, VideoMode.DIRECT, null)).await();
  }

  private Site room(Centre centre, String name) {
    return harness.hub.centres().createSiteTrusted(new Site(UUID.randomUUID(), centre.id(), name, 30, null, 1))
        .await();
  }

  private void book(Session session, Site site) {
    harness.send(HttpMethod.POST, "/api/v1/sessions/" + session.id() + "/bookings", adminToken,
        new JsonObject().put("siteId", site.id().toString()).put("expectedHeadCount", 8));
  }

  void register(Session session, String family) {
    harness.hub.registrations().register(session.id(), new RegistrationRequest(family, null, null, 2, false, "fr"),
        null).await();
  }

  /** Enrols the room's relay-site as its coordinator would: an enrolment code, traded for a credential. */
  String enrol(Site site) {
    String code = harness.send(HttpMethod.POST, "/api/v1/sites/" + site.id() + "/credentials", adminToken, null)
        .bodyAsJsonObject().getString("code");
    return harness.send(HttpMethod.POST, "/api/v1/sites/enrol", null, new JsonObject().put("code", code))
        .bodyAsJsonObject().getString("credential");
  }

  /** Links the relay-site of {@code credential} as a relay does; online once the hub sent its schedule. */
  BridgeClient link(Site site, String credential) {
    JsonObject ticket = harness.http.post("/api/v1/site-link/ticket").putHeader("Authorization", "Bearer " + credential)
        .send().await().bodyAsJsonObject();
    BridgeClient relay = BridgeClient.connect(harness.hub.vertx(), harness.hub.port(), "/live/websocket",
        ticket.getString("ticket"), null).await();
    links.add(relay);
    String inbox = Addresses.siteInbox(site.id().toString());
    relay.register(inbox).send(Addresses.hubSites(), new SiteMessage.Hello("2.4.1", 0).toJson());
    relay.message(inbox, "schedule");
    // Heartbeats as a relay sends them, at the interval the ticket gave, for as long as the link is open;
    // from a thread of their own, as the client waits for each write.
    long every = ticket.getLong("heartbeatSeconds");
    heartbeats.scheduleAtFixedRate(() -> {
      if (!relay.isClosed()) {
        try {
          relay.ping().send(Addresses.hubSites(), new SiteMessage.Heartbeat(0, 0).toJson());
        } catch (RuntimeException closedMeanwhile) {
          // The test closed the link between the check and the write.
        }
      }
    }, every, every, TimeUnit.SECONDS);
    return relay;
  }

  @Override
  public void close() {
    heartbeats.shutdownNow();
    links.forEach(BridgeClient::close);
    harness.close();
  }
}
