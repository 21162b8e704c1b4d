package org.relais.hub.sms;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.relais.hub.validation.InvalidFieldException;

/**
 * A centre's SMS line as its coordinator set it up. Which fields matter depends on the provider: the Android
 * app needs its address, user name and password; Brevo its API key and a sender name; the local file nothing.
 *
 * @param baseUrl the Android app's address ({@code http://<phone>:8080}, or in cloud mode
 *     {@code https://api.sms-gate.app/3rdparty/v1}), or Brevo's API root when not the public one
 * @param secret the Android app's password or Brevo's API key
 * @param webhookKey the key the Android app signs its webhooks with, or the secret Brevo's callbacks carry
 */
public record SmsSettings(UUID centreId, SmsProvider provider, Optional<String> baseUrl, Optional<String> username,
    Optional<String> secret, Optional<String> sender, Optional<String> webhookKey, int dailyCap, long version,
    Optional<UUID> updatedBy, Instant updatedAt) {
  public static final int MOST_PER_DAY = 10_000;
  public static final int DEFAULT_DAILY_CAP = 200;

  public SmsSettings {
    Objects.requireNonNull(centreId, "centreId");
    if (provider == null) {
      throw new InvalidFieldException("provider", "provider is required");
    }
    baseUrl = trimmed(baseUrl);
    username = trimmed(username);
    secret = trimmed(secret);
    sender = trimmed(sender);
    webhookKey = trimmed(webhookKey);
    Objects.requireNonNull(updatedBy, "updatedBy");
    Objects.requireNonNull(updatedAt, "updatedAt");
    if (dailyCap < 0 || dailyCap > MOST_PER_DAY) {
      throw new InvalidFieldException("dailyCap", "dailyCap must be between 0 and " + MOST_PER_DAY);
    }
    baseUrl.ifPresent(SmsSettings::requireHttpUrl);
    requireLength("username", username, 200);
    requireLength("secret", secret, 500);
    requireLength("webhookKey", webhookKey, 200);
    switch (provider) {
      case ANDROID_GATEWAY -> {
        required("baseUrl", baseUrl);
        required("username", username);
        required("secret", secret);
      }
      case BREVO -> {
        required("secret", secret);
        String name = required("sender", sender);
        // Brevo's rule for a sender: up to 11 letters and digits, or a number of up to 15 digits.
        if (!name.matches("[A-Za-z0-9]{1,11}|[0-9]{1,15}")) {
          throw new InvalidFieldException("sender", "sender must be up to 11 letters and digits, or a number");
        }
      }
      case LOCAL_FILE -> { }
    }
  }

  /** What the local outbox file sends for a centre that has set nothing up. */
  public static SmsSettings none(UUID centreId) {
    return new SmsSettings(centreId, SmsProvider.LOCAL_FILE, Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), DEFAULT_DAILY_CAP, 0, Optional.empty(), Instant.EPOCH);
  }

  /**
   * A coordinator's changes, checked only once laid over the saved line: a blank secret or webhook key keeps the
   * saved one, so a page never has to show them back; but only for the same provider, since one provider's
   * password is never another's key.
   */
  public record Draft(SmsProvider provider, Optional<String> baseUrl, Optional<String> username,
      Optional<String> secret, Optional<String> sender, Optional<String> webhookKey, int dailyCap) {
    public Draft {
      baseUrl = trimmed(baseUrl);
      username = trimmed(username);
      secret = trimmed(secret);
      sender = trimmed(sender);
      webhookKey = trimmed(webhookKey);
    }

    /** The next version of {@code saved}, changed by {@code by} at {@code at}. */
    public SmsSettings over(SmsSettings saved, Optional<String> newWebhookKey, UUID by, Instant at) {
      boolean sameProvider = saved.provider() == provider;
      return new SmsSettings(saved.centreId(), provider, baseUrl, username,
          secret.or(() -> sameProvider ? saved.secret() : Optional.empty()), sender,
          webhookKey.or(() -> sameProvider ? saved.webhookKey() : Optional.empty()).or(() -> newWebhookKey),
          dailyCap, saved.version() + 1, Optional.of(by), at);
    }
  }

  private static Optional<String> trimmed(Optional<String> value) {
    return Objects.requireNonNull(value).map(String::strip).filter(text -> !text.isEmpty());
  }

  private static String required(String field, Optional<String> value) {
    return value.orElseThrow(() -> new InvalidFieldException(field, field + " is required for this provider"));
  }

  private static void requireLength(String field, Optional<String> value, int most) {
    if (value.isPresent() && value.get().length() > most) {
      throw new InvalidFieldException(field, field + " is longer than " + most + " characters");
    }
  }

  private static void requireHttpUrl(String value) {
    try {
      URI uri = new URI(value);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
          || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null
          || value.length() > 300) {
        throw new InvalidFieldException("baseUrl", "baseUrl must be an http(s) address without query");
      }
    } catch (URISyntaxException e) {
      throw new InvalidFieldException("baseUrl", "baseUrl is not an address");
    }
  }
}
