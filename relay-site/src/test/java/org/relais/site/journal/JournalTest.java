package org.relais.site.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relais.protocol.site.SiteEvent;

/** The journal on a real disk: what survives a restart, a power cut's torn line, a damaged line. */
class JournalTest {
  private static final UUID SESSION = UUID.randomUUID();
  private final Vertx vertx = Vertx.vertx();

  @TempDir
  Path dir;

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void whatWasAcknowledgedIsNotSentAgainAfterARestart() {
    Journal journal = Journal.open(vertx, dir).await();
    List<SiteEvent> events = List.of(event(1), event(1), event(-1));
    events.forEach(e -> journal.append(e).await());
    journal.acknowledged(List.of(events.get(0).id())).await();
    journal.close();

    Journal reopened = Journal.open(vertx, dir).await();
    assertThat(reopened.events()).isEqualTo(events);
    assertThat(reopened.pending(10)).containsExactly(events.get(1), events.get(2));
    assertThat(reopened.position()).isEqualTo(3);
    reopened.close();
  }

  @Test
  void aTornLastLineIsSkippedAndTheJournalGoesOn() throws Exception {
    Journal journal = Journal.open(vertx, dir).await();
    SiteEvent first = event(1);
    journal.append(first).await();
    journal.close();
    // The power went while the next line was being written.
    Files.writeString(dir.resolve(Journal.EVENTS), "{\"position\":2,\"event\":{\"id\":\"", StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);

    Journal reopened = Journal.open(vertx, dir).await();
    assertThat(reopened.events()).containsExactly(first);
    SiteEvent next = event(1);
    reopened.append(next).await();
    reopened.close();

    Journal again = Journal.open(vertx, dir).await();
    assertThat(again.events()).containsExactly(first, next);
    assertThat(again.pendingCount()).isEqualTo(2);
    again.close();
  }

  @Test
  void aDamagedLineIsSkippedWithoutLosingTheOthers() throws Exception {
    Journal journal = Journal.open(vertx, dir).await();
    SiteEvent first = event(1);
    journal.append(first).await();
    journal.close();
    Files.writeString(dir.resolve(Journal.EVENTS), "\u0000\u0000garbage\n", StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
    Journal reopened = Journal.open(vertx, dir).await();
    SiteEvent after = event(-1);
    reopened.append(after).await();
    reopened.close();

    Journal again = Journal.open(vertx, dir).await();
    assertThat(again.events()).containsExactly(first, after);
    again.close();
  }

  private static SiteEvent event(int delta) {
    return SiteEvent.of(SiteEvent.Kind.HEAD_COUNT, SESSION, Instant.now(), delta, null, null);
  }
}
