package org.relais.hub.outbox;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a message stands, in words a social worker reads: which sentence of the bundle ({@code
 * staff_deliveries_status_<key>}) and, when the outbox gave one, why ({@code staff_deliveries_reason_<key>}, or the
 * provider's own words when no sentence says them).
 */
public record StatusWords(String statusKey, Optional<String> reasonKey, Optional<String> detail) {
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
      Map.entry("no such sitting", "no_sitting"),
      Map.entry("no class of the theme to come", "no_class_to_come"));

  public static StatusWords of(OutboxMessage message, Instant now) {
    return of(message.status(), message.reason(), message.dueAt(), now);
  }

  /** The words of a message that is {@code status} for {@code reason}, due at {@code dueAt}. */
  public static StatusWords of(MessageStatus status, Optional<String> reason, Instant dueAt, Instant now) {
    String statusKey = switch (status) {
      case PENDING -> reason.isPresent() && isDeferral(reason.get()) ? "deferred"
          : reason.isPresent() ? "retrying" : dueAt.isAfter(now) ? "planned" : "queued";
      case SENDING -> "sending";
      case SENT -> "sent";
      case DELIVERED -> "delivered";
      case FAILED -> "failed";
      case CANCELLED -> "cancelled";
      case SKIPPED -> "skipped";
    };
    if (reason.isEmpty() || status == MessageStatus.SENT || status == MessageStatus.DELIVERED) {
      return new StatusWords(statusKey, Optional.empty(), Optional.empty());
    }
    String text = reason.get();
    for (Map.Entry<String, String> known : REASONS) {
      if (text.startsWith(known.getKey())) {
        return new StatusWords(statusKey, Optional.of(known.getValue()), Optional.empty());
      }
    }
    // "refused: <the provider's words>", "failed: <what went wrong>": the sentence, then their words.
    if (text.startsWith("refused: ")) {
      return new StatusWords(statusKey, Optional.of("refused"), Optional.of(text.substring("refused: ".length())));
    }
    if (text.startsWith("failed: ")) {
      return new StatusWords(statusKey, Optional.of("not_sent"), Optional.of(text.substring("failed: ".length())));
    }
    return new StatusWords(statusKey, Optional.empty(), Optional.of(text));
  }

  /** A message still to go to a number that answered STOP or an address that unsubscribed: it will be skipped. */
  public static StatusWords optedOut(Channel channel) {
    return new StatusWords("will_not_send", Optional.of(channel == Channel.SMS ? "opted_out" : "unsubscribed"),
        Optional.empty());
  }

  /** Whether the message will not go, or went nowhere: skipped, cancelled or failed for good. */
  public boolean notSent() {
    return statusKey.equals("skipped") || statusKey.equals("cancelled") || statusKey.equals("failed")
        || statusKey.equals("will_not_send");
  }

  private static boolean isDeferral(String reason) {
    return reason.startsWith("quiet hours") || reason.startsWith("daily cap");
  }
}
