package org.relais.hub;

import org.relais.hub.cli.RelaisHubCommand;
import picocli.CommandLine;

/** Entry point of {@code relais-hub.jar}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int exit = RelaisHubCommand.commandLine().execute(args);
    if (exit != 0) {
      System.exit(exit);
    }
  }
}
