package org.relais.hub.reminders;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailAttachment;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import io.vertx.ext.mail.mailencoder.MailEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Sends e-mail: through the configured SMTP server, or, without one, into a local mailbox of {@code .eml} files a
 * person can open (named by the message's key, so a message written twice is one file).
 */
public final class Mailer {
  /** An e-mail to one family: plain text and HTML, an optional calendar file, the unsubscribe address. */
  public record Mail(String idempotencyKey, String to, String subject, String text, String html,
      Optional<String> calendar, String unsubscribeUrl) {}

  private final Vertx vertx;
  private final MailConfig config;
  private final Optional<MailClient> smtp;
  private final Path mailbox;

  public Mailer(Vertx vertx, MailConfig config, Path mailbox) {
    this.vertx = vertx;
    this.config = config;
    this.mailbox = mailbox;
    this.smtp = config.host().map(host -> MailClient.create(vertx, new io.vertx.ext.mail.MailConfig()
        .setHostname(host).setPort(config.port())
        .setStarttls(switch (config.startTls()) {
          case DISABLED -> StartTLSOptions.DISABLED;
          case OPTIONAL -> StartTLSOptions.OPTIONAL;
          case REQUIRED -> StartTLSOptions.REQUIRED;
        })
        .setLogin(config.username().isPresent() ? LoginOption.REQUIRED : LoginOption.DISABLED)
        .setUsername(config.username().orElse(null)).setPassword(config.password().orElse(null))));
  }

  /**
   * Whether a message interrupted between sending and marking may be sent again: the local mailbox writes it
   * once whatever happens; an SMTP server takes no idempotency key, so the message is left for staff to check.
   */
  public boolean takesIdempotencyKey() {
    return smtp.isEmpty();
  }

  public Path mailbox() {
    return mailbox;
  }

  /** Answers the Message-ID it was sent with (derived from the key: the same message always has the same one). */
  public Future<String> send(Mail mail) {
    MailMessage message = message(mail);
    String messageId = message.getHeaders().get("Message-ID");
    if (smtp.isPresent()) {
      return smtp.get().sendMail(message).map(messageId);
    }
    return vertx.executeBlocking(() -> {
      Path file = mailbox.resolve(fileName(mail.idempotencyKey()));
      if (!Files.exists(file)) {
        Files.createDirectories(mailbox);
        Path partial = mailbox.resolve(file.getFileName() + ".part");
        Files.writeString(partial, new MailEncoder(message, "relais.local").encode(), StandardCharsets.UTF_8);
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
      }
      return messageId;
    }, false);
  }

  public Future<Void> close() {
    return smtp.map(MailClient::close).orElse(Future.succeededFuture());
  }

  private MailMessage message(Mail mail) {
    String domain = config.from().substring(config.from().indexOf('@') + 1);
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .set("Message-ID", "<" + fileName(mail.idempotencyKey()).replace(".eml", "") + "@" + domain + ">")
        .set("List-Unsubscribe", "<" + mail.unsubscribeUrl() + ">")
        .set("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
    MailMessage message = new MailMessage().setFrom(config.from()).setTo(mail.to()).setSubject(mail.subject())
        .setText(mail.text()).setHtml(mail.html()).setHeaders(headers);
    mail.calendar().ifPresent(ics -> message.setAttachment(List.of(MailAttachment.create()
        .setName("cours.ics").setContentType("text/calendar; charset=utf-8; method=PUBLISH")
        .setData(Buffer.buffer(ics, "UTF-8")))));
    return message;
  }

  /** A file name (and Message-ID local part) from the key: letters, digits, dots and dashes only. */
  static String fileName(String idempotencyKey) {
    return idempotencyKey.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", ".") + ".eml";
  }
}
