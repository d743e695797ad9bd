package org.jtile.tools;

import org.jtile.config.DaemonSignals;
import org.jtile.config.JtileVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jtile}: mod_tile's command-line tools as subcommands, with mod_tile's options. */
@Command(
    name = "jtile",
    mixinStandardHelpOptions = true,
    versionProvider = JtileVersion.class,
    description = "mod_tile's tools for renderd (jtile's or C): render-list, render-expired, render-old, "
        + "render-speedtest.",
    subcommands = {RenderList.class, RenderExpired.class, RenderOld.class, RenderSpeedtest.class},
    footer = {
        "",
        "Exit status: 0 done (also when renderd answered NotDone); 1 bad options or",
        "configuration; 2 renderd cannot be reached or stopped answering. Ctrl-C stops",
        "reading, waits for the requests in flight and prints the summary."})
public final class JtileMain implements Runnable {
  public static void main(String[] args) {
    // picocli otherwise looks for Groovy's Closure class, a miss that opens every jar on the classpath
    System.setProperty("picocli.disable.closures", "true");
    // A closed terminal's SIGHUP stops a run as Ctrl-C does (mod_tile's tools die of it); under nohup it
    // stays ignored.
    DaemonSignals.install(ToolCommand::interruptCurrent, ToolCommand::interruptCurrent);
    CommandLine cli = new CommandLine(new JtileMain());
    // mod_tile's tools answer a bad option with exit 1
    cli.setParameterExceptionHandler((e, a) -> {
      cli.getErr().println(e.getMessage());
      e.getCommandLine().usage(cli.getErr());
      return ToolException.OPTIONS;
    });
    System.exit(cli.execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
