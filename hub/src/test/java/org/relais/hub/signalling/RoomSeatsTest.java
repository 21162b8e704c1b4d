package org.relais.hub.signalling;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.relais.hub.bookings.SiteBooking;
import org.relais.hub.centres.Site;
import org.relais.hub.demo.DemoData;
import org.relais.hub.join.Attendance;
import org.relais.hub.join.SubjectKind;
import org.relais.hub.schedule.Occurrence;
import org.relais.hub.schedule.SessionStore;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.hub.validation.InvalidFieldException;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.testing.BridgeClient;
import org.relais.hub.testing.Fixtures;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.TestDatabase;
import org.relais.protocol.Addresses;
import org.relais.protocol.Role;
import org.relais.protocol.VideoMode;

/**
 * The seats of a built-in room, through a real hub and real bridge clients: nine seats, one for the
 * instructor, two for the room booked at a centre (its screen, its animator), six for families. Every
 * confirmed family and every staff link gets in, whoever comes first; nobody takes a seat of another
 * kind; a capacity or a booking that the room cannot seat is refused; presence makes attendance.
 */
class RoomSeatsTest {
  private static final int SEATS = 9;
  private static final int FAMILIES = 6;
  private static final Duration GRACE = Duration.ofSeconds(60);

  private HubHarness harness;
  private Vertx vertx;
  private RoomFixture room;
  private String admin;
  private JsonObject booking;
  private final List<BridgeClient> clients = new ArrayList<>();
  /** The families at home in each of the session's live figures, as a console hears them. */
  private final BlockingQueue<Integer> heard = new LinkedBlockingQueue<>();

  static List<String> databases() {
    return TestDatabase.kinds().toList();
  }

  private void start(String database) {
    harness = HubHarness.start(database, Map.of("rooms.maxPeers", String.valueOf(SEATS),
        "rooms.stayGrace", GRACE.toString(), "http.instances", "2"));
    vertx = Vertx.vertx();
    StaffMember instructor = harness.staff(Role.INSTRUCTOR, Set.of());
    room = new RoomFixture(harness, "Cuisine du monde", VideoMode.DIRECT, FAMILIES, instructor.id());
    admin = harness.login(harness.staff(Role.ADMIN, Set.of()));
    booking = book(site("Salle polyvalente"));
    assertThat(booking.getString("status")).isEqualTo("BOOKED");
  }

  @AfterEach
  void stop() {
    clients.forEach(BridgeClient::close);
    if (vertx != null) {
      vertx.close().await();
    }
    harness.close();
  }

  /**
   * The demo's classes fit rooms of the default size, those of Les Tisserands with the room the demo books
   * for each; a room booked for another (five families, the most an unbooked room seats) is refused.
   */
  @Test
  void theDemoClassesFitRoomsOfTheDefaultSizeWithTheRoomsTheDemoBooks() {
    harness = HubHarness.start("h2", Map.of("rooms.maxPeers", "6"));
    new DemoData(harness.hub.staff(), harness.hub.centres(), harness.hub.schedule(), harness.clock).seedIfEmpty()
        .await();
    StaffPrincipal admin = new StaffPrincipal(UUID.randomUUID(), Role.ADMIN, Set.of());
    List<Occurrence> week = harness.hub.schedule().occurrences(harness.clock.instant(),
        harness.clock.instant().plus(Duration.ofDays(7)), new SessionStore.Filter(null, null, null)).await();
    Set<UUID> sessions = new LinkedHashSet<>();
    week.forEach(sitting -> sessions.add(sitting.session().id()));
    assertThat(sessions).hasSize(10);
    UUID tisserands = harness.hub.centres().list(100, null).await().items().stream()
        .filter(centre -> centre.name().equals("Centre social Les Tisserands")).findFirst().orElseThrow().id();
    int booked = 0;
    for (UUID session : sessions) {
      UUID centre = harness.hub.schedule().get(session).await().draft().centreId();
      UUID room = harness.hub.centres().createSiteTrusted(new Site(UUID.randomUUID(), centre, "Salle " + session,
          30, null, 1)).await().id();
      var booking = harness.hub.bookings().book(admin, session, room, 12);
      if (centre.equals(tisserands)) {
        assertThat(booking.await().booking().status()).isEqualTo(SiteBooking.Status.BOOKED);
        booked++;
      } else if (harness.hub.schedule().get(session).await().draft().homeCapacity() > 3) {
        assertThat(failureOf(booking)).isInstanceOf(InvalidFieldException.class)
            .satisfies(e -> assertThat(((InvalidFieldException) e).field()).isEqualTo("siteId"));
      }
    }
    assertThat(booked).isEqualTo(3);
  }

  private UUID site(String name) {
    return harness.hub.centres().createSiteTrusted(new Site(UUID.randomUUID(), room.session.draft().centreId(), name,
        30, null, 1)).await().id();
  }

  private JsonObject book(UUID siteId) {
    HttpResponse<Buffer> booked = harness.send(HttpMethod.POST, "/api/v1/sessions/" + room.session.id() + "/bookings",
        admin, new JsonObject().put("siteId", siteId.toString()).put("expectedHeadCount", 10));
    assertThat(booked.statusCode()).as(booked.bodyAsString()).isEqualTo(201);
    return booked.bodyAsJsonObject();
  }

  private String instructorToken() {
    String url = harness.send(HttpMethod.GET, "/api/v1/sessions/" + room.session.id() + "/join-links", admin, null)
        .bodyAsJsonObject().getJsonObject("instructor").getString("url");
    return tokenOf(url);
  }

  private static String tokenOf(String url) {
    return url.substring(url.indexOf("/j/") + 3);
  }

  /** Opens the link's room as its page does: a ticket, the socket, its roster and its own address. */
  private BridgeClient enter(String token) {
    RoomFixture.Family holder = room.admit(token);
    BridgeClient client = BridgeClient.open(vertx, harness.hub.port(), holder.ticket());
    clients.add(client);
    client.register(holder.roster()).register(holder.me());
    client.message(holder.me(), "roster");
    return client;
  }

  private List<String> staffTokens() {
    return List.of(instructorToken(), tokenOf(booking.getString("screenUrl")),
        tokenOf(booking.getString("animatorUrl")));
  }

  private List<String> familyTokens() {
    List<String> tokens = new ArrayList<>();
    for (int i = 1; i <= FAMILIES; i++) {
      tokens.add(room.register("Famille " + i));
    }
    return tokens;
  }

  private void fullRoomRefusesAWaitlistedFamily() {
    String seventh = room.register("Famille 7");
    assertThat(harness.get("/api/v1/join/" + seventh).bodyAsJsonObject().getString("state")).isEqualTo("WAITLISTED");
    // Told so before the day, on the link's own page.
    assertThat(harness.get("/j/" + seventh).bodyAsString()).contains("Vous êtes sur la liste d’attente");
    HttpResponse<Buffer> refused = harness.http.post("/api/v1/join/" + seventh + "/ticket").send().await();
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(refused.bodyAsJsonObject().getString("type")).isEqualTo("urn:relais:problem:room-not-open");
    List<RoomPresence.Present> members = new RoomPresence(harness.hub.vertx()).members(room.session.roomName()).await();
    assertThat(members).hasSize(SEATS);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void familiesFirstThenStaffEveryoneGetsIn(String database) {
    start(database);
    List<String> families = familyTokens();
    families.forEach(this::enter);
    staffTokens().forEach(this::enter);

    fullRoomRefusesAWaitlistedFamily();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void staffFirstThenFamiliesEveryoneGetsInAndAFamilyNeverTakesAReservedSeat(String database) {
    start(database);
    List<String> staff = staffTokens();
    List<String> families = familyTokens();
    // The screen first, then half the families, the instructor, the rest, and the animator last.
    enter(staff.get(1));
    families.subList(0, 3).forEach(this::enter);
    enter(staff.get(0));
    families.subList(3, FAMILIES).forEach(this::enter);
    enter(staff.get(2));

    fullRoomRefusesAWaitlistedFamily();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aSecondTabOfTheSameLinkReplacesTheFirstAndTakesNoOtherSeat(String database) {
    start(database);
    List<String> families = familyTokens();
    families.forEach(this::enter);
    BridgeClient first = clients.get(0);

    BridgeClient second = enter(families.get(0));
    first.error("replaced");
    first.awaitClosed();
    staffTokens().forEach(this::enter);
    assertThat(second.isClosed()).isFalse();
    assertThat(new RoomPresence(harness.hub.vertx()).members(room.session.roomName()).await()).hasSize(SEATS);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aCapacityOrABookingTheRoomCannotSeatIsRefusedAndChangesNothing(String database) {
    start(database);
    var stored = room.session.draft();
    JsonObject draft = Fixtures.session(stored.title(), stored.centreId(), stored.instructorId(),
        stored.start().toString(), stored.end().toString()).put("homeCapacity", FAMILIES + 1);

    HttpResponse<Buffer> oneMore = harness.request(HttpMethod.PUT, "/api/v1/sessions/" + room.session.id(), admin)
        .putHeader("If-Match", "\"1\"").sendJsonObject(draft).await();
    assertProblem(oneMore, "homeCapacity", "Lower homeCapacity to " + FAMILIES);
    // A new class has no room booked yet: the instructor's seat is the only one reserved.
    HttpResponse<Buffer> tooBig = harness.send(HttpMethod.POST, "/api/v1/sessions", admin,
        draft.copy().put("homeCapacity", SEATS).put("instructorId", null));
    assertProblem(tooBig, "homeCapacity", "Lower homeCapacity to " + (SEATS - 1));
    HttpResponse<Buffer> secondRoom = harness.send(HttpMethod.POST, "/api/v1/sessions/" + room.session.id()
        + "/bookings", admin, new JsonObject().put("siteId", site("Auditorium").toString())
        .put("expectedHeadCount", 5));
    assertProblem(secondRoom, "siteId", "homeCapacity to 4");

    assertThat(harness.hub.schedule().get(room.session.id()).await().draft().homeCapacity()).isEqualTo(FAMILIES);
    assertThat(harness.send(HttpMethod.GET, "/api/v1/sessions/" + room.session.id() + "/bookings", admin, null)
        .bodyAsJsonObject().getJsonArray("items")).hasSize(1);
    // Jitsi seats whatever the capacity says.
    HttpResponse<Buffer> jitsi = harness.request(HttpMethod.PUT, "/api/v1/sessions/" + room.session.id(), admin)
        .putHeader("If-Match", "\"1\"").sendJsonObject(draft.copy().put("homeCapacity", 200).put("videoMode", "JITSI"))
        .await();
    assertThat(jitsi.statusCode()).as(jitsi.bodyAsString()).isEqualTo(200);
  }

  /**
   * Families whose tickets were all given while seats were free enter at once, through two HTTP verticles:
   * as many as there are seats get in, the others hear the room is full, and their pages then are told so.
   */
  @Test
  void newcomersEnteringTogetherNeverTakeMoreSeatsThanThereAre() {
    harness = HubHarness.start("h2", Map.of("rooms.maxPeers", "3", "http.instances", "2"));
    vertx = Vertx.vertx();
    // A JITSI class on a hub without Jitsi: a built-in room of two families' seats, and ten sign-ups.
    room = new RoomFixture(harness, "Atelier couture", VideoMode.JITSI, 10, null);
    List<RoomFixture.Family> families = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      families.add(room.family("Famille " + i));
    }
    for (RoomFixture.Family family : families) {
      clients.add(BridgeClient.open(vertx, harness.hub.port(), family.ticket()));
    }
    for (int i = 0; i < families.size(); i++) {
      clients.get(i).register(families.get(i).roster()).register(families.get(i).me());
    }

    int seated = 0;
    for (int i = 0; i < families.size(); i++) {
      String me = families.get(i).me();
      JsonObject outcome = clients.get(i).await(frame -> ("err".equals(frame.getString("type"))
          && "room_full".equals(frame.getString("body"))) || (me.equals(frame.getString("address"))
          && frame.getValue("body") instanceof JsonObject body && "roster".equals(body.getString("type"))));
      if ("rec".equals(outcome.getString("type"))) {
        seated++;
      } else {
        assertThat(clients.get(i).awaitClosed()).isEqualTo((short) 4413);
        HttpResponse<Buffer> again = harness.http.post("/api/v1/join/" + families.get(i).token() + "/ticket")
            .send().await();
        assertThat(again.bodyAsJsonObject().getString("type")).isEqualTo("urn:relais:problem:room-full");
      }
    }
    assertThat(seated).isEqualTo(2);
    assertThat(new RoomPresence(harness.hub.vertx()).members(room.session.roomName()).await()).hasSize(2);
  }

  private static Throwable failureOf(Future<?> future) {
    return future.transform(done -> Future.succeededFuture(done.cause())).await();
  }

  private static void assertProblem(HttpResponse<Buffer> response, String field, String advice) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(422);
    assertThat(response.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(response.bodyAsString()).contains("\"" + field + "\"").contains(advice).contains("JITSI");
  }

  @ParameterizedTest
  @MethodSource("databases")
  void familiesInTheRoomAreAtHomeOnTheConsoleAndAReconnectIsOneStay(String database) throws Exception {
    start(database);
    harness.hub.vertx().eventBus().<JsonObject>consumer(Addresses.sessionLive(room.session.id().toString()),
        figures -> heard.add(figures.body().getJsonObject("home").getInteger("present"))).completion().await();
    List<String> families = familyTokens();
    BridgeClient first = enter(families.get(0));
    enter(families.get(1));
    enter(families.get(2));
    enter(staffTokens().get(1));
    awaitAtHome(3);

    // A phone drops and is back within the grace: the same stay goes on.
    harness.clock.advance(Duration.ofMinutes(10));
    first.close();
    awaitAtHome(2);
    harness.clock.advance(GRACE.minusSeconds(1));
    BridgeClient back = enter(families.get(0));
    awaitAtHome(3);
    // Then it leaves for good: the stay ends when it left, its duration all of it.
    harness.clock.advance(Duration.ofMinutes(20));
    back.close();
    awaitAtHome(2);
    harness.clock.advance(GRACE.plusSeconds(1));
    enter(families.get(0));
    awaitAtHome(3);

    List<Attendance.Recorded> stays = harness.hub.attendance().stays(room.session.id()).await();
    assertThat(stays).allSatisfy(stay -> {
      assertThat(stay.source()).isEqualTo(Attendance.Source.ROOM);
      assertThat(stay.sittingDate()).isEqualTo(room.session.draft().start().atZone(harness.hub.schedule().zone())
          .toLocalDate());
    });
    assertThat(stays).filteredOn(stay -> stay.kind() == SubjectKind.BOOKING).hasSize(1);
    List<Attendance.Recorded> families0 = stays.stream().filter(stay -> stay.kind() == SubjectKind.REGISTRATION
        && stay.leftAt() != null).toList();
    assertThat(families0).singleElement()
        .satisfies(stay -> assertThat(stay.duration()).isEqualTo(Duration.ofMinutes(30).plus(GRACE).minusSeconds(1)));
    assertThat(stays).filteredOn(stay -> stay.kind() == SubjectKind.REGISTRATION).hasSize(4);
    assertThat(harness.hub.attendance().atHome(room.session.id(), stays.get(0).sittingDate()).await())
        .isEqualTo(new Attendance.AtHome(4, 3, 3));
  }

  /**
   * A family whose node died never says it left: once its entry has expired, the sweep ends its stay, and
   * only its; the console hears of it.
   */
  @ParameterizedTest
  @MethodSource("databases")
  void theStayOfAFamilyWhoseNodeDiedEndsOnceItsEntryHasExpired(String database) throws Exception {
    start(database);
    harness.hub.vertx().eventBus().<JsonObject>consumer(Addresses.sessionLive(room.session.id().toString()),
        figures -> heard.add(figures.body().getJsonObject("home").getInteger("present"))).completion().await();
    List<String> families = familyTokens();
    enter(families.get(0));
    enter(families.get(1));
    awaitAtHome(2);
    assertThat(harness.hub.stays().sweep().await()).isZero();

    RoomPresence presence = new RoomPresence(harness.hub.vertx());
    String lostPeer = room.admit(families.get(1)).peerId();
    RoomPresence.Present lost = presence.members(room.session.roomName()).await().stream()
        .filter(present -> present.peer().id().equals(lostPeer)).findFirst().orElseThrow();
    // What the entry's expiry does: it goes, and nobody is told.
    assertThat(presence.leave(room.session.roomName(), lost).await()).isTrue();
    harness.clock.advance(Duration.ofMinutes(2));

    assertThat(harness.hub.stays().sweep().await()).isEqualTo(1);
    awaitAtHome(1);
    assertThat(harness.hub.attendance().stays(room.session.id()).await())
        .filteredOn(stay -> stay.leftAt() != null).singleElement()
        .satisfies(stay -> assertThat(stay.duration()).isEqualTo(Duration.ofMinutes(2)));
  }

  /** Waits for the console's next figures that say {@code families} at home. */
  private void awaitAtHome(int families) throws InterruptedException {
    for (Integer atHome = -1; atHome != families; ) {
      atHome = heard.poll(10, TimeUnit.SECONDS);
      assertThat(atHome).as("the console's figures, waiting for " + families + " at home").isNotNull();
    }
  }
}
