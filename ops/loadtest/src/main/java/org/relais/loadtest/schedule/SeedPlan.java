package org.relais.loadtest.schedule;

import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.relais.hub.centres.Centre;
import org.relais.hub.centres.CentreKind;
import org.relais.hub.schedule.Occurrence;
import org.relais.hub.schedule.Occurrences;
import org.relais.hub.schedule.Recurrence;
import org.relais.hub.schedule.SessionDraft;
import org.relais.hub.staff.StaffDraft;
import org.relais.protocol.Category;
import org.relais.protocol.Role;
import org.relais.protocol.VideoMode;

/**
 * The schedule a seed writes, decided before anything is written: centres, instructors, and sessions
 * (one-off classes and weekly series) whose first sittings spread over a year around the measured week.
 * No instructor is ever booked twice at once, so the hub accepts every session. The same arguments
 * always give the same plan.
 */
record SeedPlan(LocalDate windowStart, List<Centre> centres, List<StaffDraft> instructors,
    List<PlannedSession> sessions) {

  static final String PASSWORD = "loadtest-instructor-2026";
  /** The year of first sittings starts this long before the measured week. */
  static final int WEEKS_BEFORE = 13;
  static final int DAYS_SPREAD = 364;

  private static final String[] TOWNS = {"Lille", "Roubaix", "Tourcoing", "Villeneuve-d'Ascq", "Wattrelos",
      "Lomme", "Hellemmes", "Mons-en-Barœul", "Loos", "Wasquehal", "Croix", "Hem", "Lambersart", "Armentières",
      "Seclin", "Haubourdin", "Ronchin", "La Madeleine", "Faches-Thumesnil", "Marcq-en-Barœul"};
  private static final String[] FIRST_NAMES = {"Karim", "Sophie", "Julien", "Amina", "Thomas", "Lucie", "Nadia",
      "Hugo", "Fatou", "Marc", "Inès", "Yacine", "Claire", "Mehdi", "Chloé", "Samir", "Léa", "Olivier"};
  private static final String[] LAST_NAMES = {"Martin", "Benali", "Haddad", "Lemaire", "Devos", "Diallo",
      "Vandamme", "Carpentier", "Dubois", "Mercier", "Nguyen", "Lefebvre", "Traoré", "Delattre", "Ben Said"};
  /** Start hours, repeated by how often classes start then: mornings, early afternoon and evenings. */
  private static final int[] START_HOURS = {9, 10, 10, 10, 11, 14, 14, 14, 15, 16, 17, 18, 18, 18, 19};
  private static final int[] LENGTHS_MINUTES = {60, 60, 60, 90, 90, 120};

  /** A session to write, naming its instructor by index in {@link #instructors} (-1: none). */
  record PlannedSession(SessionDraft draft, int instructor) {
    /** The draft with its instructor's account id, once the accounts exist. */
    SessionDraft draft(List<UUID> instructorIds) {
      if (instructor < 0) {
        return draft;
      }
      SessionDraft d = draft;
      return new SessionDraft(d.title(), d.category(), d.description(), d.language(), instructorIds.get(instructor),
          d.centreId(), d.start(), d.end(), d.recurrence(), d.homeCapacity(), d.videoMode(), d.accessibility());
    }
  }

  static SeedPlan generate(int sessions, long seed, LocalDate windowStart, ZoneId zone) {
    return new Planner(new Random(seed), seed, zone).plan(sessions, windowStart);
  }

  long series() {
    return sessions.stream().filter(s -> s.draft().recurrence() != null).count();
  }

  long withoutInstructor() {
    return sessions.stream().filter(s -> s.instructor() < 0).count();
  }

  private static final class Planner {
    private final Random random;
    private final long seed;
    private final ZoneId zone;
    private final List<Centre> centres = new ArrayList<>();
    private final List<StaffDraft> instructors = new ArrayList<>();
    private final Map<UUID, List<Integer>> instructorsOfCentre = new HashMap<>();
    /** Hours (since the epoch) in which each instructor already teaches; every class starts on the hour. */
    private final List<Set<Long>> busyHours = new ArrayList<>();

    Planner(Random random, long seed, ZoneId zone) {
      this.random = random;
      this.seed = seed;
      this.zone = zone;
    }

    SeedPlan plan(int sessions, LocalDate windowStart) {
      int centreCount = Math.max(4, Math.min(60, sessions / 80));
      for (int i = 0; i < centreCount; i++) {
        centres.add(centre(i));
      }
      int instructorCount = Math.max(4, sessions / 40);
      for (int i = 0; i < instructorCount; i++) {
        instructors.add(instructor(i));
        busyHours.add(new HashSet<>());
      }
      LocalDate firstDay = windowStart.minusWeeks(WEEKS_BEFORE);
      List<PlannedSession> planned = new ArrayList<>(sessions);
      for (int i = 0; i < sessions; i++) {
        planned.add(session(firstDay.plusDays(random.nextInt(DAYS_SPREAD))));
      }
      return new SeedPlan(windowStart, List.copyOf(centres), List.copyOf(instructors), List.copyOf(planned));
    }

    private Centre centre(int i) {
      CentreKind kind = pick(List.of(CentreKind.SOCIAL_CENTRE, CentreKind.SOCIAL_CENTRE, CentreKind.SOCIAL_CENTRE,
          CentreKind.CYBERSPACE, CentreKind.CYBERSPACE, CentreKind.LIBRARY, CentreKind.THIRD_PLACE));
      String prefix = switch (kind) {
        case SOCIAL_CENTRE -> "Centre social";
        case CYBERSPACE -> "Cyber-espace";
        case LIBRARY -> "Médiathèque";
        default -> "Tiers-lieu";
      };
      String town = TOWNS[i % TOWNS.length];
      return new Centre(id("centre", i), prefix + " " + town + " " + (i / TOWNS.length + 1), kind,
          (1 + random.nextInt(120)) + " rue de la République", "59" + (100 + random.nextInt(900)), town,
          50.55 + random.nextDouble() * 0.2, 2.95 + random.nextDouble() * 0.3,
          String.format("03 20 %02d %02d %02d", random.nextInt(100), random.nextInt(100), random.nextInt(100)),
          random.nextInt(3) == 0 ? Themes.ACCESSIBILITY.get(0) : null, 1);
    }

    /** An instructor teaching in one to three centres. */
    private StaffDraft instructor(int i) {
      Set<UUID> where = new LinkedHashSet<>();
      int count = 1 + random.nextInt(3);
      while (where.size() < count) {
        where.add(centres.get(random.nextInt(centres.size())).id());
      }
      where.forEach(centre -> instructorsOfCentre.computeIfAbsent(centre, c -> new ArrayList<>()).add(i));
      String name = FIRST_NAMES[random.nextInt(FIRST_NAMES.length)] + " " + LAST_NAMES[random.nextInt(LAST_NAMES.length)];
      return new StaffDraft("instructor-" + i + "@loadtest.relais", name, Role.INSTRUCTOR, where, PASSWORD);
    }

    private PlannedSession session(LocalDate day) {
      // Some centres are far busier than others.
      Centre centre = centres.get((int) (Math.pow(random.nextDouble(), 1.5) * centres.size()));
      Category category = Themes.category(random);
      Themes.Theme theme = pick(Themes.BY_CATEGORY.get(category));
      ZonedDateTime start = ZonedDateTime.of(day, LocalTime.of(START_HOURS[random.nextInt(START_HOURS.length)], 0),
          zone);
      Instant end = start.toInstant().plus(Duration.ofMinutes(LENGTHS_MINUTES[random.nextInt(LENGTHS_MINUTES.length)]));
      SessionDraft draft = new SessionDraft(theme.title(), category, theme.description(), theme.language(), null,
          centre.id(), start.toInstant(), end, random.nextInt(10) < 4 ? recurrence(day) : null,
          5 * random.nextInt(9), random.nextInt(10) < 3 ? VideoMode.JITSI : VideoMode.DIRECT,
          random.nextInt(10) < 3 ? pick(Themes.ACCESSIBILITY) : null);
      int instructor = random.nextInt(10) < 8 ? freeInstructor(centre.id(), draft) : -1;
      return new PlannedSession(draft, instructor);
    }

    /** A weekly series on the first sitting's day (sometimes a second day too), for a term or so. */
    private Recurrence recurrence(LocalDate first) {
      Set<DayOfWeek> days = EnumSet.of(first.getDayOfWeek());
      if (random.nextInt(4) == 0) {
        days.add(first.getDayOfWeek().plus(2 + random.nextInt(3)));
      }
      return random.nextInt(10) < 7
          ? new Recurrence(days, null, 6 + random.nextInt(25))
          : new Recurrence(days, first.plusWeeks(8 + random.nextInt(19)), null);
    }

    /** One of the centre's instructors free for every sitting of {@code draft}, booked for them; -1 if none. */
    private int freeInstructor(UUID centre, SessionDraft draft) {
      List<Integer> candidates = new ArrayList<>(instructorsOfCentre.getOrDefault(centre, List.of()));
      Collections.shuffle(candidates, random);
      List<Long> hours = hours(Occurrences.all(draft, null, zone));
      for (int candidate : candidates) {
        Set<Long> busy = busyHours.get(candidate);
        if (hours.stream().noneMatch(busy::contains)) {
          busy.addAll(hours);
          return candidate;
        }
      }
      return -1;
    }

    private static List<Long> hours(List<Occurrence> sittings) {
      List<Long> hours = new ArrayList<>();
      for (Occurrence sitting : sittings) {
        for (Instant t = sitting.start(); t.isBefore(sitting.end()); t = t.plus(Duration.ofHours(1))) {
          hours.add(t.getEpochSecond() / 3600);
        }
      }
      return hours;
    }

    private <T> T pick(List<T> items) {
      return items.get(random.nextInt(items.size()));
    }

    private UUID id(String kind, int i) {
      return UUID.nameUUIDFromBytes((kind + "-" + seed + "-" + i).getBytes(StandardCharsets.UTF_8));
    }
  }
}
