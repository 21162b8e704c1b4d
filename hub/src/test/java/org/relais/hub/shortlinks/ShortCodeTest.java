package org.relais.hub.shortlinks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShortCodeTest {
  @Test
  void readsACodeTypedFromAnSmsWhateverItsCaseDashesAndLookalikeLetters() {
    assertThat(ShortCode.read("7KQ2-M9XD-4HTC")).contains("7KQ2M9XD4HTC");
    assertThat(ShortCode.read("7kq2m9xd4htc")).contains("7KQ2M9XD4HTC");
    assertThat(ShortCode.read("1O1I-ILOo-0000")).contains("101111000000");
    assertThat(ShortCode.read("7KQ2-M9XD-4HTU")).isEmpty();
    assertThat(ShortCode.read("7KQ2-M9XD-4HT")).isEmpty();
    assertThat(ShortCode.read("eyJhbGciOiJIUzI1NiJ9.e30.x")).isEmpty();
    assertThat(ShortCode.read(null)).isEmpty();
  }

  @Test
  void showsACodeInThreeGroupsOfFour() {
    assertThat(ShortCode.shown("7KQ2M9XD4HTC")).isEqualTo("7KQ2-M9XD-4HTC");
  }

  @Test
  void newCodesAreTwelveCharactersOfTheAlphabetAndDoNotRepeat() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String code = ShortCode.random();
      assertThat(code).hasSize(ShortCode.LENGTH).matches("[0-9A-HJKMNP-TV-Z]{12}");
      assertThat(ShortCode.read(code)).contains(code);
      seen.add(code);
    }
    assertThat(seen).hasSize(10_000);
  }
}
