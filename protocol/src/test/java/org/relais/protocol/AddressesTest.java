package org.relais.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AddressesTest {

  @Test
  void buildsAndReadsBackRoomAddresses() {
    String peer = Addresses.peer("gym-douce-3f9a0c1e5b7d2a64", "p-1a2b");
    String roster = Addresses.roster("gym-douce-3f9a0c1e5b7d2a64");

    assertThat(peer).isEqualTo("relais.room.gym-douce-3f9a0c1e5b7d2a64.peer.p-1a2b");
    assertThat(Addresses.parseRoomAddress(peer))
        .isEqualTo(new Addresses.RoomAddress("gym-douce-3f9a0c1e5b7d2a64", "p-1a2b"));
    assertThat(Addresses.parseRoomAddress(roster).isRoster()).isTrue();
  }

  @Test
  void refusesAnythingElse() {
    for (String address : new String[] {null, "", "relais.room.", "relais.room.a.peer.", "relais.room.a.peer.b.c",
        "relais.room.A.roster", "relais.room.a.b", "relais.hub.schedule.changed", "relais.room.a.roster.x",
        "relais.room.a..roster", "other.room.a.roster"}) {
      assertThat(Addresses.parseRoomAddress(address)).as(String.valueOf(address)).isNull();
    }
    assertThatThrownBy(() -> Addresses.peer("Room", "p")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Addresses.peer("room", "p.x")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keepsCentreHelpCallsOutOfTheRoomsBrowsersMayUse() {
    String help = Addresses.centreHelp("0b6d2c1e-6f0a-4d3b-9c55-2f5b8f0e7a11");

    assertThat(help).isEqualTo("relais.centre.0b6d2c1e-6f0a-4d3b-9c55-2f5b8f0e7a11.help");
    assertThat(Addresses.parseRoomAddress(help)).isNull();
  }
}
