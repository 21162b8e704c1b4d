package org.relais.protocol.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RoomMessageTest {
  private static final RoomMessage.Peer KARIM = new RoomMessage.Peer("p-1a2b", "Karim Haddad", "INSTRUCTOR");

  static List<RoomMessage> everyType() {
    return List.of(
        new RoomMessage.Offer("p-1a2b", "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n"),
        new RoomMessage.Answer("p-3c4d", "v=0\r\n"),
        new RoomMessage.Candidate("p-1a2b", "candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host", "0", 0),
        new RoomMessage.Candidate("p-1a2b", "", null, null),
        new RoomMessage.Bye("p-3c4d"),
        new RoomMessage.Roster(List.of(KARIM, new RoomMessage.Peer("p-3c4d", "Famille Benali", "PARTICIPANT"))),
        new RoomMessage.Joined(KARIM),
        new RoomMessage.Left("p-1a2b"),
        new RoomMessage.Mute("p-3c4d", false, true));
  }

  @ParameterizedTest
  @MethodSource("everyType")
  void roundTripsThroughJson(RoomMessage message) {
    JsonObject json = message.toJson();

    assertThat(json.getString("type")).isEqualTo(message.type());
    assertThat(RoomMessage.parse(json)).isEqualTo(message);
    assertThat(RoomMessage.parse(json.encode())).isEqualTo(message);
  }

  @Test
  void theHubStampsTheSenderOverWhateverAPeerClaims() {
    RoomMessage forged = RoomMessage.parse(new JsonObject().put("type", "offer").put("from", "someone-else")
        .put("sdp", "v=0"));

    assertThat(forged.stampedBy("p-real")).isEqualTo(new RoomMessage.Offer("p-real", "v=0"));
    assertThat(new RoomMessage.Left("p-1").stampedBy("p-real")).isEqualTo(new RoomMessage.Left("p-1"));
  }

  @Test
  void refusesWhatIsNotOneOfOurMessages() {
    List<Object> bad = List.of(
        "not json",
        new JsonObject(),
        new JsonObject().put("type", "hangup"),
        new JsonObject().put("type", 3),
        new JsonObject().put("type", "offer"),
        new JsonObject().put("type", "offer").put("sdp", 42),
        new JsonObject().put("type", "offer").put("sdp", "v=0").put("to", "p-9"),
        new JsonObject().put("type", "offer").put("sdp", "x".repeat(RoomMessage.MAX_SDP + 1)),
        new JsonObject().put("type", "candidate").put("candidate", "x".repeat(RoomMessage.MAX_CANDIDATE + 1)),
        new JsonObject().put("type", "candidate").put("candidate", "c").put("sdpMLineIndex", -1),
        new JsonObject().put("type", "candidate").put("candidate", "c").put("sdpMLineIndex", 1.5),
        new JsonObject().put("type", "mute").put("audio", "no").put("video", true),
        new JsonObject().put("type", "bye").put("from", "Not An Id!"),
        new JsonObject().put("type", "left"),
        new JsonObject().put("type", "joined").put("peer", "p-1"),
        new JsonObject().put("type", "roster").put("peers", new io.vertx.core.json.JsonArray().add(new JsonObject()
            .put("id", "p").put("name", "n").put("role", "r").put("admin", true))));

    for (Object message : bad) {
      assertThatThrownBy(() -> {
        if (message instanceof String text) {
          RoomMessage.parse(text);
        } else {
          RoomMessage.parse(message);
        }
      }).as(String.valueOf(message).substring(0, Math.min(80, String.valueOf(message).length())))
          .isInstanceOf(RoomMessage.InvalidMessage.class);
    }
  }

  @Test
  void onlySignallingAndMuteComeFromPeers() {
    assertThat(RoomMessage.FROM_PEERS).containsExactlyInAnyOrder("offer", "answer", "candidate", "bye", "mute");
  }
}
