package org.relais.hub.staff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.relais.hub.centres.Centre;
import org.relais.hub.centres.CentreKind;
import org.relais.hub.centres.CentreStore;
import org.relais.hub.storage.Page;
import org.relais.hub.storage.SqlErrors;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.MutableClock;
import org.relais.hub.testing.StoreTest;
import org.relais.protocol.Role;

class StaffStoreTest extends StoreTest {
  private final MutableClock clock = new MutableClock(HubHarness.START);
  private StaffStore store;
  private UUID centreA;
  private UUID centreB;

  private void setUp(String kind) {
    open(kind);
    store = new StaffStore(db.pool(), clock);
    CentreStore centres = new CentreStore(db.pool(), clock);
    centreA = UUID.randomUUID();
    centreB = UUID.randomUUID();
    centres.insert(new Centre(centreA, "A", CentreKind.LIBRARY, null, null, null, null, null, null, null, 1)).await();
    centres.insert(new Centre(centreB, "B", CentreKind.LIBRARY, null, null, null, null, null, null, null, 1)).await();
  }

  private StaffMember member(String email, Role role, Set<UUID> centres) {
    return new StaffMember(UUID.randomUUID(), email, "Name of " + email, role, centres, 1);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void keepsAnAccountWithItsCentresAndHash(String kind) {
    setUp(kind);
    StaffMember coordinator = member("nadia@relais.test", Role.COORDINATOR, Set.of(centreA, centreB));
    store.insert(coordinator, "$argon2id$hash").await();

    assertThat(store.find(coordinator.id()).await()).contains(coordinator);
    StaffStore.Credentials credentials = store.findByEmail("nadia@relais.test").await().orElseThrow();
    assertThat(credentials.member()).isEqualTo(coordinator);
    assertThat(credentials.passwordHash()).isEqualTo("$argon2id$hash");
    assertThat(store.count().await()).isEqualTo(1);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void refusesASecondAccountWithTheSameEmail(String kind) {
    setUp(kind);
    store.insert(member("same@relais.test", Role.ADMIN, Set.of()), "h").await();

    Throwable failure = catchThrowable(() -> store.insert(member("same@relais.test", Role.ADMIN, Set.of()), "h")
        .await());

    assertThat(SqlErrors.isUniqueViolation(failure)).isTrue();
    assertThat(store.count().await()).isEqualTo(1);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void refusesAnUnknownCentreAndWritesNothing(String kind) {
    setUp(kind);
    Throwable failure = catchThrowable(() -> store.insert(member("x@relais.test", Role.ANIMATOR,
        Set.of(UUID.randomUUID())), "h").await());

    assertThat(SqlErrors.isForeignKeyViolation(failure)).isTrue();
    assertThat(store.count().await()).isZero();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void replacesCentresAndKeepsThePasswordUnlessGivenANewOne(String kind) {
    setUp(kind);
    StaffMember animator = member("lucie@relais.test", Role.ANIMATOR, Set.of(centreA));
    store.insert(animator, "old-hash").await();
    StaffMember moved = new StaffMember(animator.id(), animator.email(), "Lucie C.", Role.ANIMATOR, Set.of(centreB), 2);

    assertThat(store.update(moved, 1, null).await()).isTrue();
    assertThat(store.update(moved, 1, "new-hash").await()).isFalse();
    assertThat(store.find(animator.id()).await()).contains(moved);
    assertThat(store.findByEmail(animator.email()).await().orElseThrow().passwordHash()).isEqualTo("old-hash");
    assertThat(store.delete(animator.id()).await()).isTrue();
    assertThat(store.find(animator.id()).await()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void keepsWhetherAnAccountIsActive(String kind) {
    setUp(kind);
    StaffMember animator = member("lucie@relais.test", Role.ANIMATOR, Set.of(centreA));
    store.insert(animator, "hash").await();
    assertThat(store.find(animator.id()).await().orElseThrow().active()).isTrue();

    StaffMember closed = new StaffMember(animator.id(), animator.email(), animator.displayName(), Role.ANIMATOR,
        Set.of(centreA), 2, false);
    assertThat(store.update(closed, 1, null).await()).isTrue();

    assertThat(store.find(animator.id()).await()).contains(closed);
    assertThat(store.findByEmail(animator.email()).await().orElseThrow().member().active()).isFalse();
    assertThat(store.list(10, null).await().items()).containsExactly(closed);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void pagesThroughAccountsByEmail(String kind) {
    setUp(kind);
    for (String name : List.of("e", "a", "d", "b", "c")) {
      store.insert(member(name + "@relais.test", Role.INSTRUCTOR, Set.of(centreA)), "h").await();
    }
    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      Page<StaffMember> page = store.list(2, cursor).await();
      page.items().forEach(m -> seen.add(m.email()));
      cursor = page.next();
    } while (cursor != null);

    assertThat(seen).containsExactly("a@relais.test", "b@relais.test", "c@relais.test", "d@relais.test",
        "e@relais.test");
  }
}
