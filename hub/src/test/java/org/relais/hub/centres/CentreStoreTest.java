package org.relais.hub.centres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.relais.hub.storage.Page;
import org.relais.hub.storage.SqlErrors;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.MutableClock;
import org.relais.hub.testing.StoreTest;

class CentreStoreTest extends StoreTest {
  private final MutableClock clock = new MutableClock(HubHarness.START);
  private CentreStore store;

  private Centre centre(String name) {
    return new Centre(UUID.randomUUID(), name, CentreKind.CYBERSPACE, "48 rue du Faubourg", "59000", "Lille",
        50.62, 3.04, "+33 3 20 00 00 02", "Ascenseur", 1);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void keepsEveryFieldAndItsVersion(String kind) {
    open(kind);
    store = new CentreStore(db.pool(), clock);
    Centre centre = centre("Cyber-espace du Faubourg");
    store.insert(centre).await();
    Centre renamed = new Centre(centre.id(), "Cyber-espace", CentreKind.LIBRARY, null, null, null, null, null, null,
        null, 2);

    assertThat(store.find(centre.id()).await()).contains(centre);
    assertThat(store.update(renamed, 1).await()).isTrue();
    assertThat(store.update(renamed, 1).await()).isFalse();
    assertThat(store.find(centre.id()).await()).contains(renamed);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void pagesThroughCentresByNameEvenWithTwins(String kind) {
    open(kind);
    store = new CentreStore(db.pool(), clock);
    for (String name : List.of("Moulins", "Fives", "Moulins", "Bois-Blancs", "Wazemmes")) {
      store.insert(centre(name)).await();
    }
    List<String> seen = new ArrayList<>();
    List<UUID> ids = new ArrayList<>();
    String cursor = null;
    do {
      Page<Centre> page = store.list(2, cursor).await();
      page.items().forEach(c -> {
        seen.add(c.name());
        ids.add(c.id());
      });
      cursor = page.next();
    } while (cursor != null);

    assertThat(seen).containsExactly("Bois-Blancs", "Fives", "Moulins", "Moulins", "Wazemmes");
    assertThat(ids).doesNotHaveDuplicates();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void keepsRoomsUniqueByNameWithinACentreAndTheCentreWhileItHasRooms(String kind) {
    open(kind);
    store = new CentreStore(db.pool(), clock);
    Centre centre = centre("Les Tisserands");
    store.insert(centre).await();
    Site room = new Site(UUID.randomUUID(), centre.id(), "Salle polyvalente", 30, "Vidéoprojecteur", 1);
    store.insertSite(room).await();

    Throwable twin = catchThrowable(() -> store.insertSite(new Site(UUID.randomUUID(), centre.id(),
        "Salle polyvalente", 10, null, 1)).await());
    Throwable orphan = catchThrowable(() -> store.insertSite(new Site(UUID.randomUUID(), UUID.randomUUID(),
        "Ailleurs", 10, null, 1)).await());
    Throwable stillUsed = catchThrowable(() -> store.delete(centre.id()).await());

    assertThat(SqlErrors.isUniqueViolation(twin)).isTrue();
    assertThat(SqlErrors.isForeignKeyViolation(orphan)).isTrue();
    assertThat(SqlErrors.isForeignKeyViolation(stillUsed)).isTrue();
    assertThat(store.sitesOf(centre.id()).await()).containsExactly(room);
    Site bigger = new Site(room.id(), centre.id(), "Grande salle", 40, null, 2);
    assertThat(store.updateSite(bigger, 1).await()).isTrue();
    assertThat(store.findSite(room.id()).await()).contains(bigger);
    assertThat(store.deleteSite(room.id()).await()).isTrue();
    assertThat(store.delete(centre.id()).await()).isTrue();
  }
}
