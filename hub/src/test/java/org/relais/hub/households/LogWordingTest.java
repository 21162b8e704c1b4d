package org.relais.hub.households;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.relais.web.MessageBundles;

/** The privacy log's words said as its reader reads them, in French and English, and kept as written otherwise. */
class LogWordingTest {
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  private static LogWording in(String language) {
    return new LogWording(MessageBundles.load(language), Locale.forLanguageTag(language), PARIS);
  }

  @Test
  void aSittingAndAClassLinkToTheirPagesAndAHouseholdKeepsItsReference() {
    UUID session = UUID.fromString("7b0c0f3e-59a4-4a7e-9f55-3f1d1c2b9a10");
    assertThat(in("fr").subject("session=" + session + " date=2026-12-01")).containsExactly(new LogWording.Part(
        "Séance du 1 déc. 2026", "/staff/reports/sittings/" + session + "/2026-12-01"));
    assertThat(in("en").subject("class=" + session)).containsExactly(new LogWording.Part("Class",
        "/staff/classes/" + session));
    assertThat(in("fr").subject("household=3f2a9b01c4d5")).containsExactly(new LogWording.Part(
        "Foyer 3f2a9b01c4d5", null));
    assertThat(in("fr").subject("households=2")).containsExactly(new LogWording.Part("2 foyers", null));
    assertThat(in("fr").subject(null)).isEmpty();
  }

  @Test
  void countsThemesAndChannelsAreSentencesAndWhatHasNoneStaysAsWritten() {
    assertThat(in("fr").detail("weeks=1 households=0")).isEqualTo("pas vus depuis 1 semaine, aucun foyer");
    assertThat(in("en").detail("weeks=6 households=12")).isEqualTo("not seen for 6 weeks, 12 households");
    assertThat(in("fr").detail("channel=SMS theme=COOKING")).isEqualTo("par SMS, thème : Cuisine");
    assertThat(in("fr").detail("action=OFF_RADAR_VIEWED before=2026-12-01T09:30:00Z"))
        .isEqualTo("filtre : « a consulté les foyers perdus de vue », entrées avant le mar. 1 déc. 2026, 10:30");
    assertThat(in("fr").detail("theme=NOT_A_THEME colour=blue lonely")).isEqualTo(
        "theme=NOT_A_THEME, colour=blue, lonely");
    assertThat(in("fr").subject("session=not-an-id date=2026-12-01")).extracting(LogWording.Part::text)
        .containsExactly("session=not-an-id", "date=2026-12-01");
    assertThat(in("fr").detail("")).isEmpty();
  }
}
