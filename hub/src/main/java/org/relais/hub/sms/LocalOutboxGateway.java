package org.relais.hub.sms;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The embedded default gateway: "sends" a text by appending it to a file a person can read
 * ({@code data.dir/outbox/sms.txt}), one block per message. It takes the idempotency key: a message already in the
 * file is not written again, so a re-send after a crash between writing and marking shows once. A block is on disk
 * (forced) before the send succeeds.
 */
public final class LocalOutboxGateway implements SmsGateway {
  private static final String KEY = "Key: ";

  private final Vertx vertx;
  private final Path file;
  private final Clock clock;
  private Set<String> written;

  public LocalOutboxGateway(Vertx vertx, Path file, Clock clock) {
    this.vertx = vertx;
    this.file = file;
    this.clock = clock;
  }

  public Path file() {
    return file;
  }

  @Override
  public Future<SmsReceipt> send(SmsRequest request) {
    return vertx.executeBlocking(() -> append(request), true);
  }

  private synchronized SmsReceipt append(SmsRequest request) {
    try {
      if (written == null) {
        written = readKeys();
      }
      if (written.add(request.idempotencyKey())) {
        String block = "--- " + clock.instant() + "\n" + KEY + request.idempotencyKey() + "\nTo: "
            + request.phoneNumber() + "\n" + request.text() + "\n\n";
        Files.createDirectories(file.getParent());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.APPEND)) {
          channel.write(ByteBuffer.wrap(block.getBytes(StandardCharsets.UTF_8)));
          channel.force(true);
        }
      }
      return new SmsReceipt("local:" + request.idempotencyKey(), DeliveryState.DELIVERED);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Set<String> readKeys() throws IOException {
    Set<String> keys = new HashSet<>();
    List<String> lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    lines.stream().filter(line -> line.startsWith(KEY)).forEach(line -> keys.add(line.substring(KEY.length())));
    return keys;
  }
}
