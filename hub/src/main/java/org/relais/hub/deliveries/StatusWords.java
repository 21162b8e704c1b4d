package org.relais.hub.deliveries;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.relais.hub.outbox.MessageStatus;
import org.relais.hub.outbox.OutboxMessage;

/**
 * Where a message stands, in words a social worker reads: which sentence of the bundle ({@code
 * staff_deliveries_status_<key>}) and, when the outbox gave one, why ({@code staff_deliveries_reason_<key>}, or the
 * provider's own words when no sentence says them).
 */
record StatusWords(String statusKey, Optional<String> reasonKey, Optional<String> detail) {
  /** The outbox's reasons (written by its worker and composer), by how they begin, and the sentence of each. */
  private static final List<Map.Entry<String, String>> REASONS = List.of(
      Map.entry("no consent", "no_consent"),
      Map.entry("opted out", "opted_out"),
      Map.entry("unsubscribed", "unsubscribed"),
      Map.entry("quiet hours", "quiet_hours"),
      Map.entry("daily cap", "daily_cap"),
      Map.entry("sitting cancelled", "sitting_cancelled"),
      Map.entry("series cancelled", "series_cancelled"),
      Map.entry("registration cancelled", "registration_cancelled"),
      Map.entry("registration ", "not_confirmed"),
      Map.entry("too late", "too_late"),
      Map.entry("no e-mail address", "no_address"),
      Map.entry("no phone number", "no_address"),
      Map.entry("the centre sends no texts", "no_line"),
      Map.entry("interrupted", "interrupted"),
      Map.entry("no such sitting", "no_sitting"));

  static StatusWords of(OutboxMessage message, Instant now) {
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
    for (Map.Entry<String, String> known : REASONS) {
      if (text.startsWith(known.getKey())) {
        return new StatusWords(status, Optional.of(known.getValue()), Optional.empty());
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

  /** A message still to go to a number that answered STOP or an address that unsubscribed: it will be skipped. */
  static StatusWords optedOut(org.relais.hub.outbox.Channel channel) {
    return new StatusWords("will_not_send", Optional.of(channel == org.relais.hub.outbox.Channel.SMS ? "opted_out"
        : "unsubscribed"), Optional.empty());
  }

  private static boolean isDeferral(String reason) {
    return reason.startsWith("quiet hours") || reason.startsWith("daily cap");
  }
}
