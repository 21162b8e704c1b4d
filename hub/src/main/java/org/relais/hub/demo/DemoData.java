package org.relais.hub.demo;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.relais.hub.centres.Centre;
import org.relais.hub.centres.CentreKind;
import org.relais.hub.centres.CentreService;
import org.relais.hub.centres.Site;
import org.relais.hub.schedule.Recurrence;
import org.relais.hub.schedule.ScheduleService;
import org.relais.hub.schedule.SessionDraft;
import org.relais.hub.staff.StaffAccounts;
import org.relais.hub.staff.StaffDraft;
import org.relais.hub.staff.StaffMember;
import org.relais.protocol.Category;
import org.relais.protocol.Role;
import org.relais.protocol.VideoMode;

/**
 * A small network of centres around Lille with their staff and a week of classes starting today,
 * written through the same services and rules as real data. Added once, to an empty database.
 */
public final class DemoData {
  public static final String ADMIN_EMAIL = "admin@relais.demo";
  public static final String COORDINATOR_EMAIL = "coordination@relais.demo";
  public static final String INSTRUCTOR_EMAIL = "karim@relais.demo";
  public static final String ANIMATOR_EMAIL = "lucie@relais.demo";
  public static final String PASSWORD = "relais-demo-2026";

  private final StaffAccounts staff;
  private final CentreService centres;
  private final ScheduleService schedule;
  private final Clock clock;
  private final boolean broadcasting;

  public DemoData(StaffAccounts staff, CentreService centres, ScheduleService schedule, Clock clock) {
    this(staff, centres, schedule, clock, false);
  }

  /** {@code broadcasting}: ffmpeg is there, so a broadcast class can be shown too. */
  public DemoData(StaffAccounts staff, CentreService centres, ScheduleService schedule, Clock clock,
      boolean broadcasting) {
    this.staff = staff;
    this.centres = centres;
    this.schedule = schedule;
    this.clock = clock;
    this.broadcasting = broadcasting;
  }

  /** Seeds when nobody has an account yet; answers whether it did. */
  public Future<Boolean> seedIfEmpty() {
    return staff.count().compose(count -> count > 0 ? Future.succeededFuture(false) : seed().map(true));
  }

  private Future<Void> seed() {
    Centre tisserands = centre("Centre social Les Tisserands", CentreKind.SOCIAL_CENTRE, "12 rue des Tisserands",
        "59100", "Roubaix", 50.6905, 3.1817, "03 20 00 00 01", "Plain-pied, boucle magnétique à l’accueil");
    Centre faubourg = centre("Cyber-espace du Faubourg", CentreKind.CYBERSPACE, "48 rue du Faubourg de Béthune",
        "59000", "Lille", 50.6248, 3.0405, "03 20 00 00 02", "Ascenseur, 12 postes dont 2 adaptés");
    Centre moulins = centre("Médiathèque des Moulins", CentreKind.LIBRARY, "3 place Guy Mollet", "59000", "Lille",
        50.6185, 3.0770, "03 20 00 00 03", null);
    Centre passerelle = centre("Tiers-lieu La Passerelle", CentreKind.THIRD_PLACE, "7 quai du Halot", "59200",
        "Tourcoing", 50.7239, 3.1612, null, "Entrée par la cour, rampe d’accès");
    List<Centre> all = List.of(tisserands, faubourg, moulins, passerelle);
    Set<UUID> allIds = Set.of(tisserands.id(), faubourg.id(), moulins.id(), passerelle.id());

    Future<Void> places = Future.succeededFuture();
    for (Centre c : all) {
      places = places.compose(v -> centres.createTrusted(c)).mapEmpty();
    }
    places = places
        .compose(v -> centres.createSiteTrusted(site(tisserands, "Salle polyvalente", 30, "Vidéoprojecteur, enceintes")))
        .compose(v -> centres.createSiteTrusted(site(faubourg, "Salle informatique", 12, "Écran 65 pouces, webcam")))
        .compose(v -> centres.createSiteTrusted(site(moulins, "Auditorium", 40, "Écran, micro HF")))
        .compose(v -> centres.createSiteTrusted(site(passerelle, "Atelier", 20, "Télévision, cuisine équipée")))
        .mapEmpty();

    List<StaffMember> people = new ArrayList<>();
    return places
        .compose(v -> person("Claire Martin", ADMIN_EMAIL, Role.ADMIN, Set.of(), people))
        .compose(v -> person("Nadia Benali", COORDINATOR_EMAIL, Role.COORDINATOR, allIds, people))
        .compose(v -> person("Karim Haddad", INSTRUCTOR_EMAIL, Role.INSTRUCTOR, allIds, people))
        .compose(v -> person("Sophie Lemaire", "sophie@relais.demo", Role.INSTRUCTOR, allIds, people))
        .compose(v -> person("Julien Devos", "julien@relais.demo", Role.INSTRUCTOR, allIds, people))
        .compose(v -> person("Amina Diallo", "amina@relais.demo", Role.INSTRUCTOR, allIds, people))
        .compose(v -> person("Thomas Vandamme", "thomas@relais.demo", Role.INSTRUCTOR, allIds, people))
        .compose(v -> person("Lucie Carpentier", ANIMATOR_EMAIL, Role.ANIMATOR, Set.of(tisserands.id()), people))
        .compose(v -> sessions(people, tisserands, faubourg, moulins, passerelle));
  }

  private Future<Void> sessions(List<StaffMember> people, Centre tisserands, Centre faubourg, Centre moulins,
      Centre passerelle) {
    UUID karim = people.get(2).id();
    UUID sophie = people.get(3).id();
    UUID julien = people.get(4).id();
    UUID amina = people.get(5).id();
    UUID thomas = people.get(6).id();
    // Every class here meets in a built-in room, which seats rooms.maxPeers people (6 by default): the
    // instructor, and for a class the demo's centre room books (those of Les Tisserands) its screen and
    // its animator; families have the rest.
    int booked = 3;
    int unbooked = 5;
    List<SessionDraft> drafts = List.of(
        weekly("Cuisine du monde : le couscous de Karim", Category.COOKING, "Préparez un couscous végétarien avec "
            + "les légumes du marché. Liste des ingrédients envoyée à l’inscription.", "fr", karim, tisserands,
            EnumSet.of(DayOfWeek.MONDAY), LocalTime.of(14, 0), 120, booked,
            "Recettes lues à voix haute ; version audio seule possible."),
        weekly("Magie pour petits et grands", Category.MAGIC, "Tours de cartes et de pièces à faire en famille.",
            "fr", sophie, passerelle, EnumSet.of(DayOfWeek.WEDNESDAY), LocalTime.of(15, 0), 60, unbooked, null),
        weekly("Gym douce sur chaise", Category.SPORT, "Étirements et renforcement en douceur, assis ou debout.",
            "fr", julien, moulins, EnumSet.of(DayOfWeek.TUESDAY, DayOfWeek.THURSDAY), LocalTime.of(10, 0), 60, unbooked,
            "Adapté aux personnes à mobilité réduite."),
        weekly("Français du quotidien", Category.LANGUAGE, "Parler au médecin, à l’école, à la mairie : "
            + "mises en situation.", "fr", amina, tisserands, EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.THURSDAY),
            LocalTime.of(18, 0), 90, booked, null),
        weekly("English for beginners", Category.LANGUAGE, "Premiers mots d’anglais pour voyager et aider "
            + "les enfants aux devoirs.", "en", amina, passerelle, EnumSet.of(DayOfWeek.TUESDAY),
            LocalTime.of(18, 30), 60, unbooked, null),
        weekly("Premiers pas sur smartphone", Category.DIGITAL_SKILLS, "Appels vidéo, photos, WhatsApp : "
            + "apprivoiser son téléphone.", "fr", thomas, faubourg, EnumSet.of(DayOfWeek.FRIDAY),
            LocalTime.of(9, 30), 90, unbooked, "Grands caractères à l’écran, rythme lent."),
        weekly("Démarches en ligne : CAF, impôts, Ameli", Category.DIGITAL_SKILLS, "Créer ses comptes et faire ses "
            + "démarches, pas à pas.", "fr", thomas, faubourg, EnumSet.of(DayOfWeek.SATURDAY), LocalTime.of(10, 0),
            120, unbooked, null),
        weekly("Tricot et crochet", Category.CRAFTS, "Un bonnet en deux séances ; laine fournie au centre.", "fr",
            null, moulins, EnumSet.of(DayOfWeek.SATURDAY), LocalTime.of(14, 0), 120, unbooked, null),
        weekly("Pâtisserie du dimanche", Category.COOKING, "Gâteau au yaourt et crêpes avec les enfants.", "fr",
            karim, passerelle, EnumSet.of(DayOfWeek.SUNDAY), LocalTime.of(15, 30), 90, unbooked, null),
        weekly("Café-rencontre numérique", Category.OTHER, "Venez avec vos questions : ordinateur, tablette, "
            + "téléphone.", "fr", thomas, tisserands, EnumSet.of(DayOfWeek.WEDNESDAY), LocalTime.of(10, 0), 90, 0,
            null));
    if (broadcasting) {
      // Broadcast to everyone: every evening, so that a newcomer can go live from the console today; after the
      // centre's other evening class, since its room follows both.
      SessionDraft daily = weekly("Cuisine en direct : la chorba de Karim", Category.COOKING, "Une émission de "
          + "cuisine en direct, à suivre à la maison ou au centre ; le replay reste en ligne deux semaines.", "fr",
          karim, tisserands, EnumSet.allOf(DayOfWeek.class), LocalTime.of(20, 0), 60, 300,
          "Son seul possible (petite connexion) ; replay audio à réécouter.");
      drafts = new ArrayList<>(drafts);
      drafts.add(new SessionDraft(daily.title(), daily.category(), daily.description(), daily.language(),
          daily.instructorId(), daily.centreId(), daily.start(), daily.end(), daily.recurrence(),
          daily.homeCapacity(), VideoMode.BROADCAST, daily.accessibility()));
    }
    Future<Void> chain = Future.succeededFuture();
    for (SessionDraft draft : drafts) {
      chain = chain.compose(v -> schedule.createTrusted(draft)).mapEmpty();
    }
    return chain;
  }

  /** A series of eight weekly sittings whose first one is the next matching day from today. */
  private SessionDraft weekly(String title, Category category, String description, String language, UUID instructor,
      Centre centre, Set<DayOfWeek> days, LocalTime time, int minutes, int homeCapacity, String accessibility) {
    ZoneId zone = schedule.zone();
    LocalDate today = clock.instant().atZone(zone).toLocalDate();
    LocalDate first = days.stream()
        .map(day -> today.with(TemporalAdjusters.nextOrSame(day)))
        .min(LocalDate::compareTo).orElseThrow();
    ZonedDateTime start = ZonedDateTime.of(first, time, zone);
    return new SessionDraft(title, category, description, language, instructor, centre.id(), start.toInstant(),
        start.plusMinutes(minutes).toInstant(), new Recurrence(days, null, 8 * days.size()), homeCapacity,
        VideoMode.DIRECT, accessibility);
  }

  private Future<Void> person(String name, String email, Role role, Set<UUID> centreIds, List<StaffMember> people) {
    return staff.createTrusted(new StaffDraft(email, name, role, centreIds, PASSWORD)).map(member -> {
      people.add(member);
      return null;
    });
  }

  private static Centre centre(String name, CentreKind kind, String address, String postcode, String city,
      double lat, double lon, String phone, String accessibility) {
    return new Centre(UUID.randomUUID(), name, kind, address, postcode, city, lat, lon, phone, accessibility, 1);
  }

  private static Site site(Centre centre, String name, int capacity, String equipment) {
    return new Site(UUID.randomUUID(), centre.id(), name, capacity, equipment, 1);
  }
}
