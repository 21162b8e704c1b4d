package org.relais.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {
  @Test
  void readsTheShortFormsAndIso() {
    assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(DurationConverter.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(DurationConverter.parse("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(DurationConverter.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(DurationConverter.parse("PT45S")).isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  void refusesAnythingElse() {
    assertThatThrownBy(() -> DurationConverter.parse("thirty")).isInstanceOf(TypeConversionException.class);
    assertThatThrownBy(() -> DurationConverter.parse("30 s")).isInstanceOf(TypeConversionException.class);
  }

  @Test
  void printsBackTheShortForm() {
    assertThat(DurationConverter.format(Duration.ofSeconds(30))).isEqualTo("30s");
    assertThat(DurationConverter.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
  }
}
