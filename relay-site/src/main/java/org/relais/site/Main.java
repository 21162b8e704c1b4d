package org.relais.site;

import org.relais.site.cli.RelaySiteCommand;

/** Entry point of {@code relais-relay-site.jar}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int exit = RelaySiteCommand.commandLine().execute(args);
    if (exit != 0) {
      System.exit(exit);
    }
  }
}
