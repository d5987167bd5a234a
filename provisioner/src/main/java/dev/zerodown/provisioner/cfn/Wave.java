package dev.zerodown.provisioner.cfn;

import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * One wave of stack operations (deploy's network, bastion and database; destroy's web, bastion and database): the
 * stacks do not depend on each other, so each gets its own thread (a wave is at most three stacks, each mostly
 * waiting on CloudFormation) and the wave ends when all have. One stack's failure never cuts another short; an
 * interrupt ends the wait with exit 130 (the stacks keep going in CloudFormation, as {@code InFlight} says).
 */
public final class Wave {
  private Wave() {}

  /** One stack's operation: its result, or the exception it ended with (never both). */
  public record Outcome<T, R>(T item, R result, RuntimeException failure) {
    /** The result, or the operation's exception thrown again. */
    public R resultOrThrow() {
      if (failure != null) throw failure;
      return result;
    }
  }

  /** Runs {@code operation} on every item, side by side (a single item on this thread); outcomes in item order. */
  public static <T, R> List<Outcome<T, R>> run(List<T> items, Function<T, R> operation) {
    return execute(items, operation, false);
  }

  /**
   * Runs {@code operation} on every item like {@link #run}, but the first operation to throw ends the wave: the
   * others are interrupted (CloudFormation goes on with their stacks; the next run follows them) and its exception
   * is thrown. Results in item order.
   */
  public static <T, R> List<R> runFailingFast(List<T> items, Function<T, R> operation) {
    return execute(items, operation, true).stream().map(Outcome::resultOrThrow).toList();
  }

  private static <T, R> List<Outcome<T, R>> execute(List<T> items, Function<T, R> operation, boolean failFast) {
    if (items.size() == 1) return List.of(attempt(items.get(0), operation));
    List<Outcome<T, R>> outcomes = new ArrayList<>();
    if (items.isEmpty()) return outcomes;
    ExecutorService pool = Executors.newFixedThreadPool(items.size());
    try {
      CompletionService<Outcome<T, R>> done = new ExecutorCompletionService<>(pool);
      List<Future<Outcome<T, R>>> futures = items.stream().map(i -> done.submit(() -> attempt(i, operation))).toList();
      for (int i = 0; i < items.size(); i++) {
        Outcome<T, R> finished = done.take().get();
        if (failFast) finished.resultOrThrow(); // the finally interrupts the others
      }
      for (Future<Outcome<T, R>> f : futures) outcomes.add(f.get());
      return outcomes;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserException(ExitCode.INTERRUPTED, "interrupted");
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause()); // attempt() catches every RuntimeException; an Error lands here
    } finally {
      pool.shutdownNow();
    }
  }

  private static <T, R> Outcome<T, R> attempt(T item, Function<T, R> operation) {
    try {
      return new Outcome<>(item, operation.apply(item), null);
    } catch (UserException e) {
      if (e.exitCode() == ExitCode.INTERRUPTED) throw e;
      return new Outcome<>(item, null, e);
    } catch (RuntimeException e) {
      return new Outcome<>(item, null, e);
    }
  }
}
