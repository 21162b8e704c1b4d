package org.relais.hub.reminders;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.relais.hub.outbox.Channel;
import org.relais.hub.outbox.MessageKind;
import org.relais.protocol.Category;
import org.relais.web.MessageBundles;

/**
 * The texts of the messages to families, from the {@code notices} bundle in the family's language (French when it
 * chose one we do not write in). Rendered when the message is delivered, so they say the sitting's time as it is
 * then, not as it was when the message was written.
 */
public final class Notices {
  public static final List<String> LANGUAGES = List.of("fr", "en", "ar");

  /** What a message is about. {@code when} is the sitting's start (empty for a whole series). */
  public record Facts(String className, Optional<Instant> when, String centreName, String centrePhone, String link) {}

  /** A rendered message: the subject and body of an e-mail (plain and HTML), or just the text of an SMS. */
  public record Rendered(String subject, String text, String html) {}

  /**
   * A centre's phone with what introduces it (", ", "، ", "Tél ", "Tel ", "الهاتف "): all of it goes when the
   * centre has no phone, so no stray comma or label is left.
   */
  private static final Pattern PHONE = Pattern.compile("(?:[,،]\\s*|\\s*(?:Tél|Tel|الهاتف)\\s+|\\s+)?\\{phone\\}");

  private final Map<String, Map<String, String>> byLanguage = new HashMap<>();
  private final ZoneId zone;

  public Notices(ZoneId zone) {
    this.zone = zone;
    for (String language : LANGUAGES) {
      byLanguage.put(language, MessageBundles.bundle("notices", language));
    }
    if (!byLanguage.values().stream().allMatch(texts -> texts.keySet().equals(byLanguage.get("fr").keySet()))) {
      throw new IllegalStateException("the notices are not written with the same keys in every language");
    }
  }

  public static String language(String wanted) {
    return LANGUAGES.contains(wanted) ? wanted : "fr";
  }

  public String text(String language, String key) {
    String text = byLanguage.get(language(language)).get(key);
    if (text == null) {
      throw new IllegalArgumentException("no notice text " + key);
    }
    return text;
  }

  public Rendered render(MessageKind kind, Channel channel, String language, Facts facts) {
    String lang = language(language);
    String name = "notices." + key(kind);
    if (channel == Channel.SMS) {
      String sms = fill(text(lang, name + ".sms"), facts, lang, "notices.when.short");
      return new Rendered("", sms, "");
    }
    String subject = fill(text(lang, name + ".subject"), facts, lang, "notices.when.long");
    String body = fill(text(lang, name + ".mail"), facts, lang, "notices.when.long");
    String footer = fill(text(lang, "notices.mail.footer"), facts, lang, "notices.when.long");
    String plain = body + "\n\n" + facts.link() + "\n\n-- \n" + footer;
    String dir = "ar".equals(lang) ? "rtl" : "ltr";
    String html = "<!DOCTYPE html><html lang=\"" + lang + "\" dir=\"" + dir + "\"><head><meta charset=\"utf-8\"><title>"
        + escape(subject) + "</title></head><body><p>" + escape(body).replace("\n", "<br>") + "</p><p><a href=\""
        + escape(facts.link()) + "\">" + escape(text(lang, "notices.mail.linkLabel")) + "</a></p><p><small>"
        + escape(footer).replace("\n", "<br>") + "</small></p></body></html>";
    return new Rendered(subject, plain, html);
  }

  /** A coordinator's own text put in where the notice says {@code {message}}, after every other fact. */
  public static Rendered withMessage(Rendered rendered, String message) {
    return new Rendered(rendered.subject().replace("{message}", message),
        rendered.text().replace("{message}", message),
        rendered.html().replace("{message}", escape(message).replace("\n", "<br>")));
  }

  /** The invitation's list of classes put in where it says {@code {classes}}. */
  public static Rendered withClasses(Rendered rendered, String classes) {
    return new Rendered(rendered.subject(), rendered.text().replace("{classes}", classes),
        rendered.html().replace("{classes}", escape(classes).replace("\n", "<br>")));
  }

  /** A sitting's start as the messages say it, short (an SMS) or long (an e-mail). */
  public String when(String language, Instant at, boolean shortForm) {
    String lang = language(language);
    return DateTimeFormatter.ofPattern(text(lang, shortForm ? "notices.when.short" : "notices.when.long"),
        Locale.forLanguageTag(lang)).format(at.atZone(zone));
  }

  /** A theme's name in the family's language. */
  public String theme(String language, Category category) {
    return text(language, "notices.theme." + category.name());
  }

  private String fill(String template, Facts facts, String lang, String whenPattern) {
    String when = facts.when().map(at -> DateTimeFormatter.ofPattern(text(lang, whenPattern), Locale.forLanguageTag(lang))
        .format(at.atZone(zone))).orElse("");
    String phone = facts.centrePhone() == null ? "" : facts.centrePhone().strip();
    String withPhone = phone.isEmpty() ? PHONE.matcher(template).replaceAll("") : template.replace("{phone}", phone);
    return withPhone.replace("{class}", facts.className()).replace("{when}", when)
        .replace("{centre}", facts.centreName())
        .replace("{link}", facts.link()).strip();
  }

  private static String key(MessageKind kind) {
    return switch (kind) {
      case CONFIRMED -> "confirmed";
      case WAITLISTED -> "waitlisted";
      case PLACE_GRANTED -> "placeGranted";
      case REMINDER_DAY_BEFORE -> "dayBefore";
      case REMINDER_STARTING -> "starting";
      case SITTING_CANCELLED -> "sittingCancelled";
      case SITTING_MOVED -> "sittingMoved";
      case SERIES_CANCELLED -> "seriesCancelled";
      case FREE_MESSAGE, FREE_MESSAGE_URGENT -> "free";
      case INVITATION -> "invitation";
    };
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
