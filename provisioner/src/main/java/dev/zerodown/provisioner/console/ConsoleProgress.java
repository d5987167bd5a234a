package dev.zerodown.provisioner.console;

import dev.zerodown.provisioner.cfn.ChangeSet;
import dev.zerodown.provisioner.cfn.Progress;
import java.util.Map;

/** Progress on the console: narration and changes printed the same way on a TTY and in logs. */
public abstract class ConsoleProgress implements Progress {
  protected final Console console;

  ConsoleProgress(Console console) {
    this.console = console;
  }

  /** A redrawn block on a terminal, one line per event elsewhere (CI logs). */
  public static Progress forConsole(Console console) {
    return console.interactive() ? new BlockProgress(console) : new LineProgress(console);
  }

  @Override
  public void note(String line) {
    console.println(line);
  }

  @Override
  public void problem(String line) {
    console.println(console.red(line));
  }

  @Override
  public void detail(String line) {
    console.detail(line);
  }

  @Override
  public void changes(ChangeSet set) {
    ChangeView.render(console, set).forEach(console::println);
  }

  @Override
  public void newStack(String stack, java.util.List<dev.zerodown.provisioner.cfn.ResourceChange> resources) {
    ChangeView.renderNew(console, stack, resources).forEach(console::println);
  }

  @Override
  public void directChanges(String stack, boolean create, int resources, boolean templateChanged,
      Map<String, String> deployed, Map<String, String> next) {
    ChangeView.renderDirect(console, stack, create, resources, templateChanged, deployed, next)
        .forEach(console::println);
  }
}
