package org.relais.hub;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.relais.hub.config.HubConfig;

/** Dependencies between the hub's features go one way, downward: read from the compiled classes. */
class PackageDependenciesTest {
  private static final JavaClasses HUB = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("org.relais.hub");

  @Test
  void joinKnowsNoneOfTheFeaturesBuiltOnItsLinks() {
    noClasses().that().resideInAPackage("org.relais.hub.join..")
        .should().dependOnClassesThat().resideInAnyPackage("org.relais.hub.registrations..",
            "org.relais.hub.bookings..", "org.relais.hub.jitsi..", "org.relais.hub.help..",
            "org.relais.hub.signalling..", "org.relais.hub.live..", "org.relais.hub.sites..")
        .check(HUB);
  }

  @Test
  void noTwoPackagesDependOnEachOther() {
    // HubConfig gathers every feature's config record into one, as HubApplication gathers their services.
    slices().matching("org.relais.hub.(*)..").should().beFreeOfCycles()
        .ignoreDependency(belongToAnyOf(HubConfig.class), alwaysTrue())
        .check(HUB);
  }
}
