package org.relais.hub.reminders;

import java.util.Locale;
import java.util.Optional;
import org.relais.hub.config.ConfigException;
import org.relais.hub.config.ConfigValues;

/**
 * The SMTP server the hub sends e-mail through. Without a host, mail goes to a local mailbox of {@code .eml}
 * files under the data directory, which a person can open.
 */
public record MailConfig(Optional<String> host, int port, StartTls startTls, Optional<String> username,
    Optional<String> password, String from) {

  /** Whether the connection is upgraded to TLS: never, when the server offers it, or always (refusing otherwise). */
  public enum StartTls { DISABLED, OPTIONAL, REQUIRED }

  public MailConfig {
    if (!from.matches("[^@\\s<>]+@[^@\\s<>]+")) {
      throw new ConfigException("mail.from", "must be an e-mail address such as relais@example.org");
    }
    if (username.isPresent() != password.isPresent()) {
      throw new ConfigException("mail.password", "mail.username and mail.password go together");
    }
  }

  public static MailConfig from(ConfigValues values) {
    String startTls = values.string("mail.starttls").toUpperCase(Locale.ROOT);
    StartTls mode;
    try {
      mode = StartTls.valueOf(startTls);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("mail.starttls", "must be disabled, optional or required, got '" + startTls + "'");
    }
    return new MailConfig(values.optional("mail.host"), values.integer("mail.port", 1, 65_535), mode,
        values.optional("mail.username"), values.optional("mail.password"), values.string("mail.from"));
  }
}
