package org.relais.protocol.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.relais.protocol.Category;
import org.relais.protocol.SittingState;
import org.relais.protocol.VideoMode;

class SiteMessageTest {
  private static final Instant AT = Instant.parse("2026-11-23T09:00:00Z");
  private static final UUID SESSION = UUID.randomUUID();

  @Test
  void everyMessageSurvivesItsJsonForm() {
    Sitting sitting = new Sitting(SESSION, "Cuisine du monde", Category.COOKING, "fr", AT, AT.plusSeconds(3600),
        SittingState.SCHEDULED, 12, "https://hub/j/a", "https://hub/j/b", "https://hub/sessions/x");
    Sitting broadcast = new Sitting(SESSION, "Magie en direct", Category.MAGIC, "fr", AT, AT.plusSeconds(3600),
        SittingState.LIVE, 20, "https://hub/s/abc", "https://hub/j/b", "https://hub/sessions/x", VideoMode.BROADCAST,
        "eyJ.screen.token");
    SiteSchedule schedule = new SiteSchedule(UUID.randomUUID(), "Salle 1", UUID.randomUUID(), "Centre", "Europe/Paris",
        AT, List.of(sitting, broadcast));
    List<SiteMessage> messages = List.of(
        new SiteMessage.Hello("0.1.0", 42),
        new SiteMessage.Heartbeat(42, 3),
        new SiteMessage.Events(List.of(SiteEvent.of(SiteEvent.Kind.HEAD_COUNT, SESSION, AT, 1, null, null),
            SiteEvent.of(SiteEvent.Kind.CHECK_IN, SESSION, AT, 3, "Amina", null),
            SiteEvent.of(SiteEvent.Kind.HELP_DONE, null, AT, 0, null, UUID.randomUUID()))),
        new SiteMessage.ScheduleUpdate(schedule),
        new SiteMessage.Ack(List.of(UUID.randomUUID())),
        new SiteMessage.FamilyCalls(List.of(
            new FamilyCall(UUID.randomUUID(), "Famille Diallo", "Atelier tablette", AT, "Pas de son", false, null,
                null),
            new FamilyCall(UUID.randomUUID(), "Famille Benali", "Atelier tablette", AT, null, true, UUID.randomUUID(),
                "Nadia"))),
        new SiteMessage.FamilyCalls(List.of()),
        new SiteMessage.Revoked());
    for (SiteMessage message : messages) {
      JsonObject wire = new JsonObject(message.toJson().encode());
      assertThat(SiteMessage.parse(wire)).isEqualTo(message);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"type\":\"launch\"}",
      "{\"type\":\"hello\",\"version\":\"1\"}",
      "{\"type\":\"hello\",\"version\":\"1\",\"journalPosition\":-1}",
      "{\"type\":\"hello\",\"version\":\"1\",\"journalPosition\":1,\"siteId\":\"x\"}",
      "{\"type\":\"events\",\"events\":[]}",
      "{\"type\":\"events\",\"events\":[{\"id\":\"nope\",\"kind\":\"HEAD_COUNT\",\"at\":\"2026-11-23T09:00:00Z\"}]}",
      "{\"type\":\"ack\",\"ids\":[\"nope\"]}",
      "{\"type\":\"family-calls\"}",
      "{\"type\":\"family-calls\",\"calls\":[{\"id\":\"nope\"}]}",
      "{\"type\":\"family-calls\",\"calls\":[{\"id\":\"0b6f5a2e-3c1d-4e8f-9a7b-1c2d3e4f5a6b\","
          + "\"displayName\":\"F\",\"sessionTitle\":\"T\",\"createdAt\":\"2026-11-23T09:00:00Z\",\"taken\":\"no\"}]}",
      "{\"type\":\"family-calls\",\"calls\":[{\"id\":\"0b6f5a2e-3c1d-4e8f-9a7b-1c2d3e4f5a6b\","
          + "\"displayName\":\"F\",\"sessionTitle\":\"T\",\"createdAt\":\"2026-11-23T09:00:00Z\",\"taken\":false,"
          + "\"takenByName\":\"Nadia\"}]}",
      "{\"type\":\"family-calls\",\"calls\":[],\"siteId\":\"x\"}",
      "[]"
  })
  void malformedMessagesAreRefused(String wire) {
    Object body = wire.startsWith("[") ? new JsonArray(wire) : new JsonObject(wire);
    assertThatThrownBy(() -> SiteMessage.parse(body)).isInstanceOf(InvalidSiteMessage.class);
  }

  @Test
  void eventsKeepTheirShape() {
    String id = UUID.randomUUID().toString();
    JsonObject base = new JsonObject().put("id", id).put("at", AT.toString()).put("sessionId", SESSION.toString());
    // A head count moves by a few, a check-in adds a household, a help request moves nothing.
    assertThatThrownBy(() -> SiteEvent.fromJson(base.copy().put("kind", "HEAD_COUNT").put("delta", 500)))
        .isInstanceOf(InvalidSiteMessage.class);
    assertThatThrownBy(() -> SiteEvent.fromJson(base.copy().put("kind", "CHECK_IN").put("delta", 0)))
        .isInstanceOf(InvalidSiteMessage.class);
    assertThatThrownBy(() -> SiteEvent.fromJson(base.copy().put("kind", "HELP_REQUESTED").put("delta", 2)))
        .isInstanceOf(InvalidSiteMessage.class);
    assertThatThrownBy(() -> SiteEvent.fromJson(base.copy().put("kind", "HELP_DONE")))
        .isInstanceOf(InvalidSiteMessage.class);
    assertThatThrownBy(() -> SiteEvent.fromJson(base.copy().put("kind", "HEAD_COUNT").put("label", "x".repeat(201))))
        .isInstanceOf(InvalidSiteMessage.class);
    assertThat(SiteEvent.fromJson(base.copy().put("kind", "HEAD_COUNT").put("delta", -1)).delta()).isEqualTo(-1);
  }
}
