package org.relais.hub.deliveries;

import java.util.List;
import java.util.Optional;
import org.relais.hub.outbox.MessageStatus;
import org.relais.hub.outbox.OutboxMessage;

/**
 * Where a message stands, in words a social worker reads: which sentence of the bundle ({@code
 * staff_deliveries_status_<key>}) and, when the outbox gave one, why ({@code staff_deliveries_reason_<key>}, or the
 * provider's own words when no sentence says them).
 */
record StatusWords(String statusKey, Optional<String> reasonKey, Optional<String> detail) {
  /** The outbox's reasons (written by its worker and composer) and the sentence each is said with. */
  private static final List<String[]> REASONS = List.of(
      new String[] {"no consent", "no_consent"},
      new String[] {"opted out", "opted_out"},
      new String[] {"unsubscribed", "unsubscribed"},
      new String[] {"quiet hours", "quiet_hours"},
      new String[] {"daily cap", "daily_cap"},
      new String[] {"sitting cancelled", "sitting_cancelled"},
      new String[] {"series cancelled", "series_cancelled"},
      new String[] {"registration cancelled", "registration_cancelled"},
      new String[] {"registration ", "not_confirmed"},
      new String[] {"too late", "too_late"},
      new String[] {"no e-mail address", "no_address"},
      new String[] {"no phone number", "no_address"},
      new String[] {"the centre sends no texts", "no_line"},
      new String[] {"interrupted", "interrupted"},
      new String[] {"no such sitting", "no_sitting"});

  static StatusWords of(OutboxMessage message, java.time.Instant now) {
    Optional<String> reason = message.reason();
    String status = switch (message.status()) {
      case PENDING -> reason.isPresent() && isDeferral(reason.get()) ? "deferred"
          : reason.isPresent() ? "retrying" : message.dueAt().isAfter(now) ? "planned" : "queued";
      case SENDING -> "sending";
      case SENT -> "sent";
      case DELIVERED -> "delivered";
      case FAILED -> "failed";
      case CANCELLED -> "cancelled";
      case SKIPPED -> "skipped";
    };
    if (reason.isEmpty() || message.status() == MessageStatus.SENT || message.status() == MessageStatus.DELIVERED) {
      return new StatusWords(status, Optional.empty(), Optional.empty());
    }
    String text = reason.get();
    for (String[] known : REASONS) {
      if (text.startsWith(known[0])) {
        return new StatusWords(status, Optional.of(known[1]), Optional.empty());
      }
    }
    // "refused: <the provider's words>", "failed: <what went wrong>": the sentence, then their words.
    if (text.startsWith("refused: ")) {
      return new StatusWords(status, Optional.of("refused"), Optional.of(text.substring("refused: ".length())));
    }
    if (text.startsWith("failed: ")) {
      return new StatusWords(status, Optional.of("not_sent"), Optional.of(text.substring("failed: ".length())));
    }
    return new StatusWords(status, Optional.empty(), Optional.of(text));
  }

  private static boolean isDeferral(String reason) {
    return reason.startsWith("quiet hours") || reason.startsWith("daily cap");
  }
}
