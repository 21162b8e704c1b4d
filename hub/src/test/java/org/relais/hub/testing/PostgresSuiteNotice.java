package org.relais.hub.testing;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/** Says plainly, at the end of a run, when the PostgreSQL half of the store tests did not run. */
public final class PostgresSuiteNotice implements TestExecutionListener {
  @Override
  public void testPlanExecutionFinished(TestPlan testPlan) {
    if (TestDatabase.postgresUrl() == null) {
      String line = "*".repeat(78);
      System.out.println(line);
      System.out.println("* PostgreSQL suite did NOT run: only H2 was tested. Set "
          + TestDatabase.PG_ENV + " (e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres)");
      System.out.println("* to run every store test against PostgreSQL as well (CI always does).");
      System.out.println(line);
    }
  }
}
