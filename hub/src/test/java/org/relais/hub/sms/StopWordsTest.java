package org.relais.hub.sms;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StopWordsTest {
  @ParameterizedTest
  @ValueSource(strings = {"STOP", "stop", " Stop. ", "STOP SMS", "stop sms", "Arrêt", "ARRET", "arret sms", "S T O P"})
  void theWordAloneAsksToStop(String answer) {
    assertThat(StopWords.asksToStop(answer)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "OK merci", "Je ne peux pas venir, stop pour cette semaine", "stoppe", "STOPPER",
      "Non"})
  void aSentenceIsForAPersonToRead(String answer) {
    assertThat(StopWords.asksToStop(answer)).isFalse();
  }
}
