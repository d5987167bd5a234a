package dev.zerodown.provisioner.logs;

import dev.zerodown.provisioner.aws.LogsGateway;
import dev.zerodown.provisioner.aws.Patience;
import dev.zerodown.provisioner.cli.Session;
import dev.zerodown.provisioner.cli.VerbCommand;
import dev.zerodown.provisioner.cli.Version;
import dev.zerodown.provisioner.console.Console;
import dev.zerodown.provisioner.console.Json;
import dev.zerodown.provisioner.environment.LogGroups;
import dev.zerodown.provisioner.error.ExitCode;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** logs: the web instances' logs from CloudWatch Logs, merged across instances in time order. */
@Command(name = "logs", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
    description = {"Prints the web agents' log lines (or, with --boot, the instances' boot output: cloud-init and "
        + "web.sh) from CloudWatch Logs as `time  instance  message`, merged across instances in time order. "
        + "--follow keeps printing new lines every 2 s until Ctrl-C."})
public final class LogsCommand extends VerbCommand {
  /** Time between two polls of --follow. */
  static final Duration FOLLOW_POLL = Duration.ofSeconds(2);

  @Option(names = "--since", paramLabel = "SPAN", defaultValue = "15m", converter = SinceConverter.class,
      description = "How far back to start, e.g. 90s, 15m, 1h, 2d (default: ${DEFAULT-VALUE}).")
  Duration since;

  @Option(names = {"-f", "--follow"}, description = "Keep printing new lines as they arrive (every 2 s) until Ctrl-C.")
  boolean follow;

  @Option(names = "--instance", paramLabel = "ID", description = "Only this instance's lines (its stream is named by its id).")
  String instance;

  @Option(names = "--boot", description = "The boot output (/zerodown/<env>/boot: cloud-init, web.sh) instead of the "
      + "agents' log (/zerodown/<env>/agent).")
  boolean boot;

  @Option(names = "--filter", paramLabel = "TEXT", description = "Only lines that contain TEXT (case-sensitive).")
  String filter;

  @Override
  public Integer call() throws InterruptedException {
    try (Session session = openSession()) {
      String group = boot ? LogGroups.boot(session.env()) : LogGroups.agent(session.env());
      Logs.Query query = new Logs.Query(group, Optional.ofNullable(instance).map(String::strip).filter(s -> !s.isEmpty()),
          Optional.ofNullable(filter));
      Console c = session.console();
      LogsGateway gateway = session.logs();
      if (!follow) {
        LogsReport report = new Logs(gateway::events, Clock.systemUTC(), session.hint("deploy")).read(query, since);
        if (c.json()) {
          c.result(Json.write(report.document()));
        } else {
          c.out().print(report.text());
          c.out().flush();
        }
        return ExitCode.OK;
      }
      // Following: a read that fails for a moment (throttling, 5xx, network) is retried, not the end of the tail.
      Patience patience = session.clients().patience();
      Logs logs = new Logs((g, start, stream, pattern) -> patience.call(() -> gateway.events(g, start, stream, pattern)),
          Clock.systemUTC(), session.hint("deploy"));
      session.host().inFlight().ownInterrupt();
      return follow(logs, query, c);
    }
  }

  /**
   * Follows until Ctrl-C: the JVM runs its shutdown hooks on SIGINT; this one stops the loop between polls and
   * lets it finish the line it prints, then the JVM ends with 130, like every verb interrupted.
   */
  private int follow(Logs logs, Logs.Query query, Console c) throws InterruptedException {
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch done = new CountDownLatch(1);
    Thread main = Thread.currentThread();
    Thread hook = new Thread(() -> {
      stop.set(true);
      main.interrupt();
      try {
        done.await(2, TimeUnit.SECONDS);
      } catch (InterruptedException ignored) {
        Thread.currentThread().interrupt();
      }
    }, "zerodown-logs-interrupt");
    boolean hooked = addShutdownHook(hook);
    try {
      logs.follow(query, since, FOLLOW_POLL, stop::get, line -> {
        if (c.json()) {
          c.result(Json.writeLine(line.document()));
        } else {
          c.out().println(line.text());
          c.out().flush();
        }
      });
      return ExitCode.OK;
    } catch (InterruptedException e) {
      return stopped(c, query);
    } catch (RuntimeException e) {
      // Ctrl-C during a call: the SDK aborts it (AbortedException); that is the stop, not an AWS failure.
      if (stop.get()) return stopped(c, query);
      throw e;
    } finally {
      done.countDown();
      if (hooked) removeShutdownHook(hook);
    }
  }

  private static int stopped(Console c, Logs.Query query) {
    c.err().println("stopped following " + query.group());
    c.err().flush();
    return ExitCode.INTERRUPTED;
  }

  private static boolean addShutdownHook(Thread hook) {
    try {
      Runtime.getRuntime().addShutdownHook(hook);
      return true;
    } catch (IllegalStateException shuttingDown) {
      return false;
    }
  }

  private static void removeShutdownHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the JVM is ending (Ctrl-C): the hook has run
    }
  }
}
