package org.relais.loadtest.sites;

import io.vertx.core.Future;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.relais.hub.HubApplication;
import org.relais.hub.bookings.BookingService;
import org.relais.hub.centres.Centre;
import org.relais.hub.centres.CentreKind;
import org.relais.hub.centres.Site;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionDraft;
import org.relais.hub.staff.StaffDraft;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.loadtest.InFlight;
import org.relais.protocol.Category;
import org.relais.protocol.Role;
import org.relais.protocol.SittingState;
import org.relais.protocol.VideoMode;
import org.relais.protocol.site.SiteSchedule;
import org.relais.protocol.site.Sitting;

/**
 * Centres' rooms and the classes booked for them, written through the hub's own services and rules: a
 * network of rooms following classes going on now (the {@code sites} benchmark), or one room with a
 * week of classes (the relay's footprint).
 */
final class SitesSeed {
  static final String ADMIN_EMAIL = "bench-admin@relais.test";
  private static final int IN_FLIGHT = 4;
  private static final int PROGRESS_EVERY = 500;
  private static final int ROOMS_PER_CENTRE = 2;
  private static final int EXPECTED_HEAD_COUNT = 12;
  private static final List<String> ROOM_NAMES = List.of("Salle polyvalente", "Salle informatique");
  private static final List<Theme> THEMES = List.of(
      new Theme("Français du quotidien", Category.LANGUAGE),
      new Theme("Premiers pas sur smartphone", Category.DIGITAL_SKILLS),
      new Theme("Cuisine du monde", Category.COOKING),
      new Theme("Gym douce sur chaise", Category.SPORT),
      new Theme("Démarches en ligne", Category.DIGITAL_SKILLS),
      new Theme("Tricot et crochet", Category.CRAFTS),
      new Theme("English for beginners", Category.LANGUAGE));

  private record Theme(String title, Category category) {}

  /** The rooms, each booked for one of the classes going on now (room {@code i} for class {@code i % classes}). */
  record Network(StaffMember admin, List<Site> sites, List<Session> sessions) {
    Session sessionOf(int site) {
      return sessions.get(site % sessions.size());
    }
  }

  /** One room of one centre, and the week of classes booked for it. */
  record Week(StaffMember admin, Centre centre, Site site, List<BookingService.Booked> booked) {
    /** The room's schedule as its relay keeps it on disk. */
    SiteSchedule schedule(HubApplication hub, Instant now) {
      List<Sitting> sittings = booked.stream().map(b -> {
        Session session = b.session();
        return new Sitting(session.id(), session.draft().title(), session.draft().category(),
            session.draft().language(), session.draft().start(), session.draft().end(), SittingState.SCHEDULED,
            b.booking().expectedHeadCount(), hub.publicUrl().resolve("/j/" + b.screenToken()).toString(),
            hub.publicUrl().resolve("/j/" + b.animatorToken()).toString(),
            hub.publicUrl().resolve("/sessions/" + session.id()).toString());
      }).toList();
      return new SiteSchedule(site.id(), site.name(), centre.id(), centre.name(), hub.schedule().zone().getId(), now,
          sittings);
    }
  }

  private SitesSeed() {}

  static Future<StaffMember> admin(HubApplication hub) {
    return hub.staff().createTrusted(new StaffDraft(ADMIN_EMAIL, "Bench Admin", Role.ADMIN, Set.of(),
        HubCalls.PASSWORD));
  }

  static StaffPrincipal principal(StaffMember member) {
    return new StaffPrincipal(member.id(), member.role(), member.centreIds());
  }

  /**
   * {@code sites} rooms, two per centre, and {@code sessions} classes that started five minutes ago and
   * last three hours, each booked for its share of the rooms.
   */
  static Future<Network> network(HubApplication hub, int sites, int sessions, PrintStream out) {
    long started = System.nanoTime();
    int centreCount = (sites + ROOMS_PER_CENTRE - 1) / ROOMS_PER_CENTRE;
    Instant start = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.MINUTES);
    return admin(hub).compose(admin -> InFlight.each(IntStream.range(0, centreCount).boxed().toList(), IN_FLIGHT,
            i -> hub.centres().createTrusted(centre(i)), done -> { })
        .compose(centres -> InFlight.each(IntStream.range(0, sites).boxed().toList(), IN_FLIGHT,
            i -> hub.centres().createSiteTrusted(new Site(UUID.randomUUID(), centres.get(i / ROOMS_PER_CENTRE).id(),
                ROOM_NAMES.get(i % ROOMS_PER_CENTRE), 30, "Écran, webcam", 1)), done -> { })
            .compose(rooms -> InFlight.each(IntStream.range(0, sessions).boxed().toList(), IN_FLIGHT, i -> {
              Theme theme = THEMES.get(i % THEMES.size());
              return hub.schedule().createTrusted(new SessionDraft(theme.title() + " " + (i + 1), theme.category(),
                  null, "fr", null, centres.get(i % centres.size()).id(), start, start.plus(Duration.ofHours(3)), null,
                  20, VideoMode.DIRECT, null));
            }, done -> { }).compose(classes -> {
              out.printf(Locale.ROOT, "  %,d centres, %,d rooms, %,d classes going on now (%.1f s); booking...%n",
                  centres.size(), rooms.size(), classes.size(), (System.nanoTime() - started) / 1e9);
              Network network = new Network(admin, rooms, classes);
              StaffPrincipal actor = principal(admin);
              return InFlight.each(IntStream.range(0, sites).boxed().toList(), IN_FLIGHT,
                  i -> hub.bookings().book(actor, network.sessionOf(i).id(), rooms.get(i).id(), EXPECTED_HEAD_COUNT),
                  done -> {
                    if (done % PROGRESS_EVERY == 0) {
                      out.printf(Locale.ROOT, "  %,d/%,d rooms booked (%.1f s)%n", done, sites,
                          (System.nanoTime() - started) / 1e9);
                    }
                  }).map(network);
            }))));
  }

  /**
   * One room with {@code perDay} classes a day for {@code days} days from today (at 9:00, then every two
   * hours, 90 minutes each, in the hub's zone), every one of them booked for the room.
   */
  static Future<Week> week(HubApplication hub, int perDay, int days) {
    ZoneId zone = hub.schedule().zone();
    LocalDate today = LocalDate.now(zone);
    Centre centre = centre(0);
    Site site = new Site(UUID.randomUUID(), centre.id(), ROOM_NAMES.get(0), 30, "Vidéoprojecteur, enceintes", 1);
    List<SessionDraft> drafts = new ArrayList<>();
    for (int day = 0; day < days; day++) {
      for (int slot = 0; slot < perDay; slot++) {
        Theme theme = THEMES.get((day * perDay + slot) % THEMES.size());
        Instant begins = today.plusDays(day).atTime(LocalTime.of(9, 0).plusHours(2L * slot)).atZone(zone).toInstant();
        drafts.add(new SessionDraft(theme.title(), theme.category(), null, "fr", null, centre.id(), begins,
            begins.plus(Duration.ofMinutes(90)), null, 20, VideoMode.DIRECT, null));
      }
    }
    return admin(hub).compose(admin -> hub.centres().createTrusted(centre)
        .compose(created -> hub.centres().createSiteTrusted(site))
        .compose(room -> InFlight.each(drafts, 1, draft -> hub.schedule().createTrusted(draft)
                .compose(session -> hub.bookings().book(principal(admin), session.id(), room.id(),
                    EXPECTED_HEAD_COUNT)), done -> { })
            .map(booked -> new Week(admin, centre, room, booked))));
  }

  private static Centre centre(int i) {
    return new Centre(UUID.randomUUID(), "Centre social " + (i + 1), CentreKind.SOCIAL_CENTRE,
        (i % 200 + 1) + " rue des Écoles", "59000", "Lille", null, null, null, null, 1);
  }
}
