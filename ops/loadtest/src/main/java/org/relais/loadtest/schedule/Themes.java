package org.relais.loadtest.schedule;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.relais.protocol.Category;

/** Classes a network of centres actually runs, by category, with how often each category comes up. */
public final class Themes {
  public record Theme(String title, String language, String description) {}

  /** Relative weight of each category in the schedule: digital skills and languages dominate. */
  public static final Map<Category, Integer> WEIGHTS = Map.of(
      Category.DIGITAL_SKILLS, 26, Category.LANGUAGE, 20, Category.COOKING, 14, Category.SPORT, 14,
      Category.CRAFTS, 10, Category.MAGIC, 4, Category.OTHER, 12);

  public static final Map<Category, List<Theme>> BY_CATEGORY = Map.of(
      Category.DIGITAL_SKILLS, List.of(
          new Theme("Premiers pas sur smartphone", "fr", "Appels vidéo, photos, messages : apprivoiser son "
              + "téléphone à son rythme, avec des exercices à refaire chez soi."),
          new Theme("Démarches en ligne : CAF, impôts, Ameli", "fr", "Créer ses comptes et faire ses démarches pas "
              + "à pas. Venez avec vos identifiants si vous les avez."),
          new Theme("Créer et gérer son adresse e-mail", "fr", "Ouvrir une boîte, envoyer une pièce jointe, "
              + "reconnaître un message frauduleux."),
          new Theme("Visio en famille", "fr", "Garder le lien avec les proches : installer et utiliser une "
              + "application de visioconférence."),
          new Theme("Se protéger des arnaques en ligne", "fr", "Faux SMS, faux conseillers, faux sites : les "
              + "repérer et savoir quoi faire."),
          new Theme("Chercher un emploi en ligne", "fr", "France Travail, CV en ligne, candidatures : un "
              + "accompagnement concret.")),
      Category.LANGUAGE, List.of(
          new Theme("Français du quotidien", "fr", "Parler au médecin, à l’école, à la mairie : mises en "
              + "situation et vocabulaire utile."),
          new Theme("Alphabétisation", "fr", "Lire et écrire les mots de tous les jours, en petit groupe et "
              + "sans pression."),
          new Theme("English for beginners", "en", "First words and phrases for travelling and helping the "
              + "children with their homework."),
          new Theme("Conversation en arabe", "ar", "Échanger autour de thèmes du quotidien, tous niveaux."),
          new Theme("Español para viajar", "es", "Frases útiles para viajar, con juegos y canciones.")),
      Category.COOKING, List.of(
          new Theme("Cuisine du monde", "fr", "Une recette d’ailleurs avec les légumes du marché ; liste des "
              + "ingrédients envoyée à l’inscription."),
          new Theme("Cuisiner à petit budget", "fr", "Des repas équilibrés pour quatre à moins de dix euros."),
          new Theme("Pâtisserie en famille", "fr", "Gâteau au yaourt, crêpes et biscuits à faire avec les "
              + "enfants."),
          new Theme("Soupes et plats de saison", "fr", "Cuisiner les légumes de saison et éviter le gaspillage.")),
      Category.SPORT, List.of(
          new Theme("Gym douce sur chaise", "fr", "Étirements et renforcement en douceur, assis ou debout."),
          new Theme("Yoga du matin", "fr", "Respiration et postures simples pour bien commencer la journée."),
          new Theme("Danse en ligne", "fr", "Des chorégraphies faciles, dans la bonne humeur."),
          new Theme("Renforcement musculaire", "fr", "Trente minutes d’exercices sans matériel, adaptés à "
              + "chacun.")),
      Category.CRAFTS, List.of(
          new Theme("Tricot et crochet", "fr", "Un bonnet en deux séances ; laine fournie au centre."),
          new Theme("Couture : ourlets et retouches", "fr", "Apprendre à réparer plutôt que jeter."),
          new Theme("Bricolage récup", "fr", "Fabriquer des objets utiles avec des matériaux de récupération.")),
      Category.MAGIC, List.of(
          new Theme("Magie pour petits et grands", "fr", "Tours de cartes et de pièces à faire en famille."),
          new Theme("Atelier illusions", "fr", "Comprendre et réaliser trois illusions d’optique.")),
      Category.OTHER, List.of(
          new Theme("Café-rencontre numérique", "fr", "Venez avec vos questions : ordinateur, tablette, "
              + "téléphone."),
          new Theme("Écrans et enfants", "fr", "Échanges entre parents sur la place des écrans à la maison."),
          new Theme("Budget familial", "fr", "Outils simples pour suivre ses dépenses et éviter les "
              + "découverts."),
          new Theme("Jardiner sur son balcon", "fr", "Semis, plants et astuces pour un petit potager urbain.")));

  public static final List<String> ACCESSIBILITY = List.of(
      "Adapté aux personnes à mobilité réduite.",
      "Grands caractères à l’écran, rythme lent.",
      "Sous-titrage en direct quand c’est possible.",
      "Version audio seule possible.");

  private Themes() {}

  /** A category drawn by {@link #WEIGHTS}. */
  public static Category category(Random random) {
    int total = WEIGHTS.values().stream().mapToInt(Integer::intValue).sum();
    int draw = random.nextInt(total);
    for (Category category : Category.values()) {
      draw -= WEIGHTS.getOrDefault(category, 0);
      if (draw < 0) {
        return category;
      }
    }
    throw new IllegalStateException("category weights do not add up");
  }
}
