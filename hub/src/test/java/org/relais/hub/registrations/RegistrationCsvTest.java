package org.relais.hub.registrations;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The spreadsheet file's cells and numbers, without a server. */
class RegistrationCsvTest {
  @Test
  void aCellASpreadsheetWouldRunAsAFormulaIsKeptAsText() {
    assertThat(RegistrationCsv.inert("=1+1")).isEqualTo("'=1+1");
    assertThat(RegistrationCsv.inert("+33 6")).isEqualTo("'+33 6");
    assertThat(RegistrationCsv.inert("-2+3")).isEqualTo("'-2+3");
    assertThat(RegistrationCsv.inert("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    assertThat(RegistrationCsv.inert("\t=1")).isEqualTo("'\t=1");
    assertThat(RegistrationCsv.inert("\r=1")).isEqualTo("'\r=1");
    assertThat(RegistrationCsv.inert("Famille = Martin")).isEqualTo("Famille = Martin");
    assertThat(RegistrationCsv.inert("")).isEmpty();
  }

  @Test
  void excelsSeparatorFollowsTheReadersLanguage() {
    assertThat(RegistrationCsv.separator("fr")).isEqualTo(';');
    assertThat(RegistrationCsv.separator("en")).isEqualTo(',');
  }

  @Test
  void numbersReadAsOneDialsThemFromFrance() {
    assertThat(PhoneNumbers.forDialling("+33612345678", "FR")).isEqualTo("06 12 34 56 78");
    assertThat(PhoneNumbers.forDialling("+442079460958", "FR")).isEqualTo("00 44 20 7946 0958");
  }
}
