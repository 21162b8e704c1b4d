package org.relais.loadtest.sites;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class SiteLoadTest {
  private final UUID session = UUID.randomUUID();
  private final SiteLoad.Room watched = new SiteLoad.Room(UUID.randomUUID(), session, "rsc_a", true);
  private final SiteLoad.Room other = new SiteLoad.Room(UUID.randomUUID(), session, "rsc_b", true);
  private final SiteLoad load = new SiteLoad(List.of(watched, other));

  @Test
  void anUpdateShowsEveryEventItsHeadCountIncludes() {
    load.window(0, 1_000);
    load.sending(watched, UUID.randomUUID(), 100);
    load.sending(watched, UUID.randomUUID(), 200);
    load.sending(watched, UUID.randomUUID(), 300);

    load.update(figures(watched, 2), 10, 450);
    assertThat(load.shownInWindow).isEqualTo(2);
    load.update(figures(watched, 2), 10, 500);
    assertThat(load.shownInWindow).isEqualTo(2);
    load.update(figures(watched, 3), 10, 600);

    assertThat(load.shownInWindow).isEqualTo(3);
    assertThat(load.watchedInWindow).isEqualTo(3);
    assertThat(load.drained()).isFalse();
    Histogram shown = SiteLoad.decode(load.result().getString("shownAfter"));
    assertThat(shown.getTotalCount()).isEqualTo(3);
    assertThat(shown.getMinValue()).isEqualTo(250);
    assertThat(shown.getMaxValue()).isEqualTo(350);
  }

  @Test
  void onlyEventsSentWithinTheWindowAreTimedButAllWaitForTheirAck() {
    load.window(1_000, 2_000);
    UUID early = UUID.randomUUID();
    UUID measured = UUID.randomUUID();
    load.sending(other, early, 500);
    load.sending(other, measured, 1_500);

    load.acknowledged(new JsonArray().add(early.toString()).add(measured.toString()), 1_600);
    load.update(figures(other, 2), 10, 1_700);

    assertThat(load.acked).isEqualTo(2);
    assertThat(load.awaitingAck()).isZero();
    assertThat(load.shownInWindow).isEqualTo(1);
    assertThat(load.drained()).isTrue();
    assertThat(SiteLoad.decode(load.result().getString("ackedAfter")).getTotalCount()).isEqualTo(1);
  }

  @Test
  void aHeadCountAboveWhatTheRoomSentIsCounted() {
    load.window(0, 1_000);
    load.sending(watched, UUID.randomUUID(), 100);

    load.update(figures(watched, 2), 10, 200);

    assertThat(load.overCounted).isEqualTo(1);
    assertThat(load.shownInWindow).isEqualTo(1);
  }

  private static JsonObject figures(SiteLoad.Room room, int headCount) {
    return new JsonObject().put("rooms", new JsonArray().add(new JsonObject().put("siteId", room.siteId.toString())
        .put("headCount", headCount).put("online", true)));
  }
}
