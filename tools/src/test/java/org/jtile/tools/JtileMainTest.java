package org.jtile.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.jtile.daemon.JtileVersion;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class JtileMainTest {
  @Test
  void eachToolIsFiledUnderTheNameItsCommandDeclares() {
    JtileMain.TOOLS.forEach((name, tool) -> assertThat(new CommandLine(tool.get()).getCommandName())
        .isEqualTo(name));
  }

  @Test
  void aRunNamingATool_makesOnlyThatOne() {
    CommandLine cli = JtileMain.commandLine("render-old", "-z", "3");
    assertThat(cli.getSubcommands()).containsOnlyKeys("render-old");
    assertThat(cli.getSubcommands().get("render-old").getUsageMessage()).startsWith("Usage: jtile render-old ");
  }

  @Test
  void eachToolPrintsJtilesVersion() {
    assertThat(JtileVersion.version()).matches("\\d+\\.\\d+\\.\\d+.*");
    for (String name : JtileMain.TOOLS.keySet()) {
      StringWriter out = new StringWriter();
      CommandLine cli = JtileMain.commandLine(name, "--version");
      cli.setOut(new PrintWriter(out));
      assertThat(cli.execute(name, "--version")).isZero();
      assertThat(out.toString()).isEqualTo(JtileVersion.version() + System.lineSeparator());
    }
  }

  @Test
  void helpAndUnknownNames_seeEveryTool() {
    List<String> all = List.of("render-list", "render-expired", "render-old", "render-speedtest");
    assertThat(JtileMain.commandLine().getSubcommands().keySet()).containsExactlyElementsOf(all);
    assertThat(JtileMain.commandLine("--help").getSubcommands().keySet()).containsExactlyElementsOf(all);
    assertThat(JtileMain.commandLine().getUsageMessage()).contains(all);

    StringWriter err = new StringWriter();
    CommandLine cli = JtileMain.commandLine("render-expird", "-n", "2");
    cli.setErr(new PrintWriter(err));
    assertThat(cli.execute("render-expird", "-n", "2")).isEqualTo(ToolException.OPTIONS);
    assertThat(err.toString()).contains("Unmatched arguments from index 0: 'render-expird'")
        .contains("Commands:\n  render-list");
  }
}
