package org.relais.hub.outbox;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One message of the outbox as stored.
 *
 * @param sittingDate the sitting as its series plans it (a moved sitting keeps that date); empty for a message
 *     about the whole registration or series
 * @param reason why it was skipped, failed or deferred, if it was
 * @param body a coordinator's own words, for a {@link MessageKind#FREE_MESSAGE}
 */
public record OutboxMessage(long id, String idempotencyKey, MessageKind kind, Channel channel, UUID registrationId,
    UUID sessionId, Optional<LocalDate> sittingDate, UUID centreId, Instant dueAt, MessageStatus status,
    Optional<String> reason, int attempts, Instant nextAttemptAt, Optional<String> providerMessageId,
    Instant updatedAt, Optional<String> body) {
  public OutboxMessage {
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(sittingDate, "sittingDate");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(providerMessageId, "providerMessageId");
    Objects.requireNonNull(body, "body");
  }

  /** The key naming one message for good, whatever node or attempt sends it. */
  public static String key(MessageKind kind, UUID registrationId, Optional<LocalDate> sittingDate, Channel channel) {
    return keyPrefix(kind) + registrationId + keySuffix(sittingDate, channel);
  }

  static String keyPrefix(MessageKind kind) {
    return kind + ":";
  }

  static String keySuffix(Optional<LocalDate> sittingDate, Channel channel) {
    return ":" + sittingDate.map(LocalDate::toString).orElse("-") + ":" + channel;
  }
}
