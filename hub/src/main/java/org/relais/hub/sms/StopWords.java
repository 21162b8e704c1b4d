package org.relais.hub.sms;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a family's answer asks to hear no more. Only an answer that is nothing but the word (in any case,
 * spacing or accents: "Stop", "STOP SMS", "arrêt") counts: a sentence that merely contains "stop" ("je ne peux
 * pas venir, stop pour moi cette semaine") is for a person to read, not a reason to stop every text for good.
 */
final class StopWords {
  private static final Set<String> STOP = Set.of("STOP", "ARRET", "STOPSMS", "ARRETSMS");

  private StopWords() {}

  static boolean asksToStop(String text) {
    if (text == null || text.length() > 40) {
      return false;
    }
    String letters = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
        .toUpperCase(Locale.ROOT).replaceAll("[^A-Z]", "");
    return STOP.contains(letters);
  }
}
