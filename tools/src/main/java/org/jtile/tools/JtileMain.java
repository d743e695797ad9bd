package org.jtile.tools;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.jtile.daemon.JtileVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code jtile}: mod_tile's command-line tools as subcommands, with mod_tile's options. */
@Command(
    name = "jtile",
    mixinStandardHelpOptions = true,
    versionProvider = JtileVersion.class,
    description = "mod_tile's tools for renderd (jtile's or C): render-list, render-expired, render-old, "
        + "render-speedtest.",
    footer = {
        "",
        "Exit status: 0 done (also when renderd answered NotDone); 1 bad options or",
        "configuration; 2 renderd cannot be reached or stopped answering. Ctrl-C stops",
        "reading, waits for the requests in flight and prints the summary."})
public final class JtileMain implements Runnable {
  /**
   * The subcommands by name, made only when a run needs them: picocli reads a command's annotations when
   * it is added, a cost every cron run of a tool would pay for the three it does not use.
   */
  static final Map<String, Supplier<ToolCommand>> TOOLS = tools();

  private static Map<String, Supplier<ToolCommand>> tools() {
    Map<String, Supplier<ToolCommand>> tools = new LinkedHashMap<>();
    tools.put("render-list", RenderList::new);
    tools.put("render-expired", RenderExpired::new);
    tools.put("render-old", RenderOld::new);
    tools.put("render-speedtest", RenderSpeedtest::new);
    return Collections.unmodifiableMap(tools);
  }

  public static void main(String[] args) {
    // picocli otherwise looks for Groovy's Closure class, a miss that opens every jar on the classpath
    System.setProperty("picocli.disable.closures", "true");
    useJdkSelectorProvider();
    System.exit(commandLine(args).execute(args));
  }

  /**
   * Names the JDK's own socket provider, which the JDK otherwise looks for as a service in every jar on the
   * classpath (60, most of them the store backends') before it opens the first socket.
   * Only where the JDK has it (Linux's): elsewhere the lookup stays as it was.
   */
  private static void useJdkSelectorProvider() {
    String property = "java.nio.channels.spi.SelectorProvider";
    String epoll = "sun.nio.ch.EPollSelectorProvider";
    if (System.getProperty(property) == null && ClassLoader.getSystemClassLoader().getResource(
        epoll.replace('.', '/') + ".class") != null) {
      System.setProperty(property, epoll);
    }
  }

  /** jtile's command line for these arguments: the subcommand they name, else all (for help and errors). */
  static CommandLine commandLine(String... args) {
    CommandLine cli = new CommandLine(new JtileMain());
    Supplier<ToolCommand> named = args.length > 0 ? TOOLS.get(args[0]) : null;
    if (named != null) {
      cli.addSubcommand(named.get());
    } else {
      TOOLS.values().forEach(tool -> cli.addSubcommand(tool.get()));
    }
    // mod_tile's tools answer a bad option with exit 1
    cli.setParameterExceptionHandler((e, a) -> {
      cli.getErr().println(e.getMessage());
      e.getCommandLine().usage(cli.getErr());
      return ToolException.OPTIONS;
    });
    return cli;
  }

  @Override
  public void run() {
    commandLine().usage(System.out);
  }
}
