package org.relais.hub.sms;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded gateway writes each message once, even when handed it again by a hub restarted after a crash. */
class LocalOutboxGatewayTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void aMessageHandedOverAgainIsWrittenOnceEvenAfterARestart(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("outbox/sms.txt");
    SmsRequest request = new SmsRequest("REMINDER_STARTING:r1:2026-12-03:SMS", "+33612345678",
        "Le cours \"Anglais\" commence. Lien: https://relais.example/j/7KQ2-M9XD");
    SmsReceipt first = new LocalOutboxGateway(vertx, file, Clock.systemUTC()).send(request).await();
    LocalOutboxGateway restarted = new LocalOutboxGateway(vertx, file, Clock.systemUTC());
    SmsReceipt again = restarted.send(request).await();
    restarted.send(new SmsRequest("REMINDER_STARTING:r2:2026-12-03:SMS", "+33612345679", "Autre")).await();

    assertThat(again).isEqualTo(first);
    String written = Files.readString(file);
    assertThat(written.split("Key: REMINDER_STARTING:r1:2026-12-03:SMS", -1)).hasSize(2);
    assertThat(written).contains("To: +33612345678\nLe cours \"Anglais\" commence.", "To: +33612345679\nAutre");
  }
}
