package org.relais.hub.sms;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumbersTest {
  @ParameterizedTest
  @CsvSource({"06 12 34 56 78,+33612345678", "06.12.34.56.78,+33612345678", "+33 6 12 34 56 78,+33612345678",
      "0033612345678,+33612345678", "+32 470 12 34 56,+32470123456", "07-00-00-00-01,+33700000001"})
  void aNumberAsPeopleTypeItInFrance(String typed, String e164) {
    assertThat(PhoneNumbers.e164(typed)).contains(e164);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "12", "06 12 34 56", "+0612345678", "06 12 34 56 78 90 12 34 56",
      "tel:0612345678"})
  void anythingElseIsNoNumber(String typed) {
    assertThat(PhoneNumbers.e164(typed)).isEmpty();
  }
}
