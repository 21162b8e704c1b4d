package org.relais.hub.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.relais.web.MessageBundles;

/** Every status and reason the outbox writes is said in words, in French and English; the provider's own kept. */
class StatusWordsTest {
  private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");

  private static OutboxMessage message(MessageStatus status, String reason, Instant due) {
    return new OutboxMessage(1, "k", MessageKind.REMINDER_DAY_BEFORE, Channel.SMS, UUID.randomUUID(),
        UUID.randomUUID(), Optional.of(LocalDate.of(2026, 11, 24)), UUID.randomUUID(), due, status,
        Optional.ofNullable(reason), 1, due, Optional.empty(), NOW);
  }

  @Test
  void eachReasonOfTheOutboxHasItsSentence() {
    List<String[]> cases = List.of(
        new String[] {"SKIPPED", "no consent", "skipped", "no_consent", null},
        new String[] {"SKIPPED", "opted out", "skipped", "opted_out", null},
        new String[] {"PENDING", "quiet hours: deferred", "deferred", "quiet_hours", null},
        new String[] {"PENDING", "daily cap reached: deferred to the next day", "deferred", "daily_cap", null},
        new String[] {"PENDING", "failed: connection refused", "retrying", "not_sent", "connection refused"},
        new String[] {"FAILED", "refused: invalid number", "failed", "refused", "invalid number"},
        new String[] {"FAILED", "unknown number", "failed", null, "unknown number"},
        new String[] {"FAILED", "interrupted, may have been sent", "failed", "interrupted", null},
        new String[] {"SKIPPED", "registration waitlisted", "skipped", "not_confirmed", null},
        new String[] {"CANCELLED", "sitting cancelled", "cancelled", "sitting_cancelled", null},
        new String[] {"SKIPPED", "no class of the theme to come that the household can join", "skipped",
            "no_class_to_come", null});
    for (String[] c : cases) {
      StatusWords words = StatusWords.of(message(MessageStatus.valueOf(c[0]), c[1], NOW), NOW);
      assertThat(words).as(c[1]).isEqualTo(new StatusWords(c[2], Optional.ofNullable(c[3]),
          Optional.ofNullable(c[4])));
    }
    assertThat(StatusWords.of(message(MessageStatus.PENDING, null, NOW.plusSeconds(60)), NOW).statusKey())
        .isEqualTo("planned");
    assertThat(StatusWords.of(message(MessageStatus.DELIVERED, "late report", NOW), NOW).reasonKey()).isEmpty();
  }

  @Test
  void everyKindStatusAndReasonIsWrittenInEachLanguage() {
    for (String language : MessageBundles.STAFF_LANGUAGES) {
      Map<String, String> texts = MessageBundles.bundle("staff-messages", language);
      for (MessageKind kind : MessageKind.values()) {
        assertThat(texts).containsKey("staff_deliveries_kind_" + kind.name());
      }
      for (String status : List.of("planned", "queued", "retrying", "deferred", "sending", "sent", "delivered",
          "failed", "cancelled", "skipped", "will_not_send")) {
        assertThat(texts).containsKey("staff_deliveries_status_" + status);
      }
      for (String reason : List.of("no_consent", "opted_out", "unsubscribed", "quiet_hours", "daily_cap",
          "sitting_cancelled", "series_cancelled", "registration_cancelled", "not_confirmed", "too_late",
          "no_address", "no_line", "interrupted", "no_sitting", "refused", "not_sent", "no_class_to_come")) {
        assertThat(texts).containsKey("staff_deliveries_reason_" + reason);
      }
    }
  }
}
