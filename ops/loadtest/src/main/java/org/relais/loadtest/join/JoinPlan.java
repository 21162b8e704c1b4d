package org.relais.loadtest.join;

import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.relais.hub.centres.Centre;
import org.relais.hub.centres.CentreKind;
import org.relais.hub.registrations.RegistrationRequest;
import org.relais.hub.schedule.Recurrence;
import org.relais.hub.schedule.SessionDraft;
import org.relais.loadtest.schedule.Themes;
import org.relais.protocol.Category;
import org.relais.protocol.VideoMode;

/**
 * What a join burst seeds, decided before anything is written: a few centres, a few dozen classes
 * going on now (each started a few minutes ago, two or three hours long; some are today's sitting of a
 * weekly series that began weeks ago), and families registered for them, more for some classes than
 * for others, every class with a home place for each of its families. The same arguments always give
 * the same plan.
 */
record JoinPlan(Instant now, List<Centre> centres, List<SessionDraft> sessions, List<Family> families) {

  /** A family's registration, naming its class by index in {@link #sessions}. */
  record Family(int session, RegistrationRequest request, String idempotencyKey) {}

  static final int MAX_STARTED_MINUTES_AGO = 10;
  static final int[] LENGTHS_MINUTES = {120, 150, 180};

  private static final String[] TOWNS = {"Lille", "Roubaix", "Tourcoing", "Villeneuve-d'Ascq", "Wattrelos",
      "Lomme", "Hellemmes", "Loos"};
  private static final String[] FAMILY_NAMES = {"Martin", "Benali", "Haddad", "Lemaire", "Devos", "Diallo",
      "Vandamme", "Carpentier", "Dubois", "Mercier", "Nguyen", "Lefebvre", "Traoré", "Delattre", "Ben Said",
      "Kaya", "Mendy", "Rousseau", "Bouzid", "Leroy"};
  private static final String[] FIRST_NAMES = {"Karim", "Sophie", "Amina", "Lucie", "Nadia", "Fatou", "Inès",
      "Yacine", "Claire", "Mehdi", "Samir", "Léa", "Aïcha", "Moussa"};
  private static final String[] LANGUAGES = {"fr", "fr", "fr", "fr", "fr", "fr", "ar", "en", "tr", "es"};

  static JoinPlan generate(int sessionCount, int familyCount, long seed, Instant now, ZoneId zone, VideoMode video) {
    if (sessionCount < 1 || familyCount < 1) {
      throw new IllegalArgumentException("a join burst needs at least one session and one family");
    }
    Random random = new Random(seed);
    int centreCount = Math.max(1, Math.min(TOWNS.length, sessionCount / 6));
    List<Centre> centres = new ArrayList<>();
    for (int i = 0; i < centreCount; i++) {
      centres.add(new Centre(id(seed, "centre", i), (i % 3 == 2 ? "Cyber-espace " : "Centre social ") + TOWNS[i],
          i % 3 == 2 ? CentreKind.CYBERSPACE : CentreKind.SOCIAL_CENTRE, (1 + random.nextInt(120))
          + " rue de la République", "59" + (100 + random.nextInt(900)), TOWNS[i], null, null, null, null, 1));
    }
    // Some classes draw far more families than others.
    int[] registered = new int[sessionCount];
    List<Family> families = new ArrayList<>(familyCount);
    for (int i = 0; i < familyCount; i++) {
      int session = (int) (Math.pow(random.nextDouble(), 1.5) * sessionCount);
      registered[session]++;
      families.add(new Family(session, family(random, i), id(seed, "registration", i).toString()));
    }
    List<SessionDraft> sessions = new ArrayList<>(sessionCount);
    for (int i = 0; i < sessionCount; i++) {
      sessions.add(session(random, now, zone, video, centres.get(i % centreCount).id(), capacity(registered[i])));
    }
    return new JoinPlan(now, List.copyOf(centres), List.copyOf(sessions), List.copyOf(families));
  }

  /** Room for every family registered, and a few more places, so that nobody waits. */
  static int capacity(int families) {
    return Math.min(10_000, Math.max(10, (families + families / 5 + 9) / 10 * 10));
  }

  long series() {
    return sessions.stream().filter(s -> s.recurrence() != null).count();
  }

  private static SessionDraft session(Random random, Instant now, ZoneId zone, VideoMode video, UUID centre,
      int capacity) {
    Category category = Themes.category(random);
    Themes.Theme theme = Themes.BY_CATEGORY.get(category).get(random.nextInt(Themes.BY_CATEGORY.get(category).size()));
    ZonedDateTime today = now.minus(Duration.ofMinutes(1 + random.nextInt(MAX_STARTED_MINUTES_AGO)))
        .truncatedTo(ChronoUnit.MINUTES).atZone(zone);
    Duration length = Duration.ofMinutes(LENGTHS_MINUTES[random.nextInt(LENGTHS_MINUTES.length)]);
    ZonedDateTime first = today;
    Recurrence recurrence = null;
    if (random.nextInt(10) < 4) {
      // Today's sitting of a weekly series that began weeks ago and goes on for weeks.
      int weeksBefore = 1 + random.nextInt(8);
      first = today.minusWeeks(weeksBefore);
      Set<DayOfWeek> days = EnumSet.of(today.getDayOfWeek());
      recurrence = new Recurrence(days, null, weeksBefore + 4 + random.nextInt(17));
    }
    return new SessionDraft(theme.title(), category, theme.description(), theme.language(), null, centre,
        first.toInstant(), first.toInstant().plus(length), recurrence, capacity, video,
        random.nextInt(10) < 3 ? Themes.ACCESSIBILITY.get(random.nextInt(Themes.ACCESSIBILITY.size())) : null);
  }

  /** A household as it registers: a name for the room; an e-mail address or a phone number for some. */
  private static RegistrationRequest family(Random random, int i) {
    String family = FAMILY_NAMES[random.nextInt(FAMILY_NAMES.length)];
    String name = random.nextInt(3) == 0 ? FIRST_NAMES[random.nextInt(FIRST_NAMES.length)] + " " + family
        : "Famille " + family;
    int contact = random.nextInt(10);
    String email = contact < 5 ? "famille." + ascii(family) + "." + i + "@exemple.fr" : null;
    String phone = contact >= 5 && contact < 8
        ? String.format(Locale.ROOT, "06 %02d %02d %02d %02d", 10 + random.nextInt(20), random.nextInt(100),
            random.nextInt(100), random.nextInt(100))
        : null;
    return new RegistrationRequest(name, email, phone, 1 + random.nextInt(5), email != null || phone != null,
        LANGUAGES[random.nextInt(LANGUAGES.length)]);
  }

  private static String ascii(String name) {
    return java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "")
        .toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", "-");
  }

  private static UUID id(long seed, String kind, int i) {
    return UUID.nameUUIDFromBytes((kind + "-" + seed + "-" + i).getBytes(StandardCharsets.UTF_8));
  }
}
