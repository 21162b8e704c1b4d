package org.relais.hub.reminders;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.relais.hub.outbox.Channel;
import org.relais.hub.outbox.MessageKind;

/**
 * The texts of every message in French, English and Arabic. With a short link (40 characters beyond the host), a
 * French or English text is one GSM-7 part. An Arabic one is UCS-2 (67 characters a part once split): two parts,
 * three for the confirmation and the day-before reminder with a long centre name, its phone and the link. An
 * invitation, which names two classes, takes one part more.
 */
class NoticesTest {
  private static final Notices NOTICES = new Notices(ZoneId.of("Europe/Paris"));
  private static final Notices.Facts FACTS = new Notices.Facts("Gym douce", Optional.of(
      Instant.parse("2026-12-03T17:00:00Z")), "Centre social Les Tilleuls", "03 20 00 00 00",
      "https://relais.example.org/j/7KQ2-M9XD-4HPT");

  @ParameterizedTest
  @EnumSource(MessageKind.class)
  void frenchAndEnglishTextsFitOneGsmPart(MessageKind kind) {
    for (String language : new String[] {"fr", "en"}) {
      String text = sms(kind, language);
      assertThat(SmsLength.isGsm7(text)).as(text).isTrue();
      // An invitation names two classes: two parts, for a message a household gets once in a while.
      assertThat(SmsLength.parts(text)).as(text + " (" + SmsLength.units(text) + ")")
          .isEqualTo(kind == MessageKind.INVITATION ? 2 : 1);
    }
  }

  /** The text as sent: an invitation with the two classes it names. */
  private static String sms(MessageKind kind, String language) {
    Notices.Rendered rendered = NOTICES.render(kind, Channel.SMS, language, FACTS);
    return kind == MessageKind.INVITATION ? Notices.withClasses(rendered,
        "Cuisine du monde mar. 8/12 10h00; Gym douce jeu. 10/12 18h00").text() : rendered.text();
  }

  @ParameterizedTest
  @EnumSource(MessageKind.class)
  void arabicTextsAreUnicodeInTwoOrThreeParts(MessageKind kind) {
    String text = sms(kind, "ar");
    assertThat(SmsLength.isGsm7(text)).isFalse();
    boolean longest = kind == MessageKind.CONFIRMED || kind == MessageKind.REMINDER_DAY_BEFORE
        || kind == MessageKind.INVITATION;
    assertThat(SmsLength.parts(text)).as(text + " (" + text.length() + ")").isEqualTo(longest ? 3 : 2);
  }

  @Test
  void theTextsSayTheTimeInTheFamilysLanguage() {
    assertThat(NOTICES.render(MessageKind.REMINDER_DAY_BEFORE, Channel.SMS, "fr", FACTS).text())
        .isEqualTo("Rappel Centre social Les Tilleuls: \"Gym douce\" demain jeu. 3/12 18h00. Lien: "
            + "https://relais.example.org/j/7KQ2-M9XD-4HPT Tél 03 20 00 00 00");
    assertThat(NOTICES.render(MessageKind.REMINDER_DAY_BEFORE, Channel.EMAIL, "en", FACTS).subject())
        .isEqualTo("Reminder: Gym douce tomorrow");
    Notices.Rendered arabic = NOTICES.render(MessageKind.REMINDER_DAY_BEFORE, Channel.EMAIL, "ar", FACTS);
    assertThat(arabic.text()).contains("الخميس", "18:00");
    assertThat(arabic.html()).contains("dir=\"rtl\"", "lang=\"ar\"");
    // A language we do not write in: French.
    assertThat(NOTICES.render(MessageKind.REMINDER_STARTING, Channel.SMS, "tr", FACTS).text())
        .startsWith("Le cours");
  }

  @ParameterizedTest
  @EnumSource(MessageKind.class)
  void aCentreWithoutAPhoneLeavesNoStrayCommaOrLabel(MessageKind kind) {
    Notices.Facts noPhone = new Notices.Facts("Gym douce", FACTS.when(), "Tiers-lieu La Passerelle", "",
        FACTS.link());
    for (String language : Notices.LANGUAGES) {
      for (Channel channel : Channel.values()) {
        Notices.Rendered rendered = NOTICES.render(kind, channel, language, noPhone);
        for (String text : new String[] {rendered.subject(), rendered.text()}) {
          assertThat(text).as(text).doesNotContain("Passerelle,", "Passerelle،", "Tél", "Tel ", "الهاتف", "{phone}")
              .doesNotEndWith(" ");
        }
      }
    }
  }

  @Test
  void aFreeMessagesOwnWordsAreSetApartFromTheLink() {
    String sms = Notices.withMessage(NOTICES.render(MessageKind.FREE_MESSAGE, Channel.SMS, "fr", FACTS),
        "Le cours est deplace dans la salle 2").text();
    assertThat(sms).isEqualTo("Centre social Les Tilleuls: Le cours est deplace dans la salle 2\nLien: "
        + "https://relais.example.org/j/7KQ2-M9XD-4HPT");
  }

  @Test
  void arabicTextsUseTheGlossarysWords() {
    for (MessageKind kind : MessageKind.values()) {
      for (Channel channel : Channel.values()) {
        Notices.Rendered rendered = NOTICES.render(kind, channel, "ar", FACTS);
        assertThat(rendered.subject() + rendered.text()).doesNotContain("رابط", "حصة «Gym douce»» ستبدأ");
      }
    }
    assertThat(NOTICES.render(MessageKind.CONFIRMED, Channel.EMAIL, "ar", FACTS).text()).contains("درس «Gym douce»",
        "الوصلة");
  }

  @Test
  void countsPartsAsPhonesDo() {
    assertThat(SmsLength.parts("a".repeat(160))).isEqualTo(1);
    assertThat(SmsLength.parts("a".repeat(161))).isEqualTo(2);
    assertThat(SmsLength.parts("€".repeat(80))).isEqualTo(1);
    assertThat(SmsLength.parts("ê".repeat(70))).isEqualTo(1);
    assertThat(SmsLength.parts("ê".repeat(71))).isEqualTo(2);
  }
}
