package org.relais.hub.staff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.relais.hub.http.ProblemException;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.MutableClock;
import org.relais.hub.testing.StoreTest;
import org.relais.protocol.Role;

class PasswordResetsTest extends StoreTest {
  private static final String NEW_PASSWORD = "a new long password";

  private final MutableClock clock = new MutableClock(HubHarness.START);
  private StaffStore store;
  private StaffSessions sessions;
  private StaffAccounts accounts;
  private PasswordResets resets;
  private Passwords passwords;
  private StaffPrincipal admin;

  private void setUp(String kind) {
    open(kind);
    store = new StaffStore(db.pool(), clock);
    StaffPrincipals principals = new StaffPrincipals(store, vertx.eventBus());
    passwords = new Passwords(vertx, 4);
    sessions = new StaffSessions(db.pool(), principals, new AuthConfig(Optional.empty(), Duration.ofHours(1),
        Duration.ofHours(2), Duration.ofHours(8), 100, 100, 100, 4), clock);
    accounts = new StaffAccounts(store, passwords, principals, sessions);
    resets = new PasswordResets(db.pool(), store, passwords, sessions, clock);
    admin = accounts.createTrusted(new StaffDraft("admin@relais.test", "Admin", Role.ADMIN, Set.of(),
        HubHarness.PASSWORD)).await().principal();
  }

  private StaffMember instructor() {
    return accounts.createTrusted(new StaffDraft("ines@relais.test", "Inès", Role.INSTRUCTOR, Set.of(), null))
        .await();
  }

  private String hashOf(StaffMember member) {
    return store.findByEmail(member.email()).await().orElseThrow().passwordHash();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aLinkSetsThePasswordOnceAndSignsTheAccountOutEverywhere(String kind) {
    setUp(kind);
    StaffMember ines = instructor();
    StaffSessions.Opened browser = sessions.open(ines.id()).await();
    PasswordResets.Issued link = resets.issue(admin, ines.id()).await();

    assertThat(link.expiresAt()).isEqualTo(HubHarness.START.plus(Duration.ofHours(24)));
    assertThat(resets.find(link.token()).await()).contains(ines);
    resets.use(link.token(), NEW_PASSWORD).await();

    assertThat(passwords.verify(NEW_PASSWORD, hashOf(ines)).await()).isTrue();
    assertThat(sessions.find(browser.secret()).await()).as("signed out").isEmpty();
    assertThat(resets.find(link.token()).await()).as("used up").isEmpty();
    assertThat(status(catchThrowable(() -> resets.use(link.token(), "another long password").await())))
        .isEqualTo(404);
    assertThat(passwords.verify(NEW_PASSWORD, hashOf(ines)).await()).isTrue();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aLinkDiesAfterADayAndWhenANewerOneIsIssued(String kind) {
    setUp(kind);
    StaffMember ines = instructor();
    PasswordResets.Issued first = resets.issue(admin, ines.id()).await();
    PasswordResets.Issued second = resets.issue(admin, ines.id()).await();

    assertThat(resets.find(first.token()).await()).as("replaced").isEmpty();
    assertThat(status(catchThrowable(() -> resets.use(first.token(), NEW_PASSWORD).await()))).isEqualTo(404);
    clock.advance(Duration.ofHours(24).minusSeconds(1));
    assertThat(resets.find(second.token()).await()).isPresent();
    clock.advance(Duration.ofSeconds(1));
    assertThat(resets.find(second.token()).await()).as("expired").isEmpty();
    assertThat(status(catchThrowable(() -> resets.use(second.token(), NEW_PASSWORD).await()))).isEqualTo(404);
    assertThat(resets.find("not-a-link").await()).isEmpty();
    assertThat(resets.find("x".repeat(500)).await()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void twoUsesAtOnceOfOneLinkSetOnePassword(String kind) {
    setUp(kind);
    StaffMember ines = instructor();
    PasswordResets.Issued link = resets.issue(admin, ines.id()).await();

    List<Future<StaffMember>> uses = List.of(resets.use(link.token(), "first long password"),
        resets.use(link.token(), "second long password"));
    Future.join(uses).otherwiseEmpty().await();

    assertThat(uses).filteredOn(Future::succeeded).hasSize(1);
    assertThat(uses).filteredOn(Future::failed).allSatisfy(use -> assertThat(status(use.cause())).isEqualTo(404));
    String winner = uses.get(0).succeeded() ? "first long password" : "second long password";
    assertThat(passwords.verify(winner, hashOf(ines)).await()).isTrue();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aDeactivatedAccountGetsNoLinkAndItsLinkDies(String kind) {
    setUp(kind);
    StaffMember ines = instructor();
    PasswordResets.Issued link = resets.issue(admin, ines.id()).await();
    StaffMember closed = accounts.setActive(admin, ines.id(), false, ines.version()).await();

    assertThat(resets.find(link.token()).await()).isEmpty();
    assertThat(status(catchThrowable(() -> resets.use(link.token(), NEW_PASSWORD).await()))).isEqualTo(404);
    assertThat(status(catchThrowable(() -> resets.issue(admin, ines.id()).await()))).isEqualTo(409);

    accounts.setActive(admin, ines.id(), true, closed.version()).await();
    assertThat(resets.find(resets.issue(admin, ines.id()).await().token()).await()).isPresent();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aShortPasswordIsRefusedAndLeavesTheLinkUsable(String kind) {
    setUp(kind);
    StaffMember ines = instructor();
    PasswordResets.Issued link = resets.issue(admin, ines.id()).await();

    assertThat(catchThrowable(() -> resets.use(link.token(), "short").await()))
        .isInstanceOf(org.relais.hub.validation.InvalidFieldException.class);
    assertThat(resets.find(link.token()).await()).isPresent();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void onlyWhoeverManagesTheAccountIssuesALink(String kind) {
    setUp(kind);
    StaffMember ines = instructor();
    StaffPrincipal coordinator = new StaffPrincipal(UUID.randomUUID(), Role.COORDINATOR, Set.of(UUID.randomUUID()));

    assertThat(status(catchThrowable(() -> resets.issue(coordinator, ines.id()).await()))).isEqualTo(403);
    assertThat(status(catchThrowable(() -> resets.issue(ines.principal(), admin.id()).await()))).isEqualTo(403);
    assertThat(status(catchThrowable(() -> resets.issue(admin, UUID.randomUUID()).await()))).isEqualTo(404);
  }

  private static int status(Throwable failure) {
    return ((ProblemException) failure).problem().status();
  }
}
