package dev.zerodown.harness;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/** What a load run saw: counts and checks over its samples. */
record Samples(List<Sample> all) {

  long count(Predicate<Sample> p) {
    return all.stream().filter(p).count();
  }

  long failed() {
    return count(s -> !s.ok());
  }

  long okHello() {
    return count(s -> s.hello() && s.ok());
  }

  /** hello.py requests that were not served (503, or no answer): each may have spent one counter value. */
  long failedHello() {
    return count(s -> s.hello() && !s.ok());
  }

  /** Counter values that appeared in more than one successful hello.py response. */
  long duplicateCounters() {
    Set<Long> seen = new HashSet<>();
    return all.stream().filter(s -> s.hello() && s.ok()).filter(s -> !seen.add(s.counter())).count();
  }

  /** Successful hello.py responses that carried no counter value at all. */
  long helloWithoutCounter() {
    return count(s -> s.hello() && s.ok() && s.counter() < 0);
  }

  long servedBy(String instanceId, long afterNanos) {
    return count(s -> s.ok() && Objects.equals(s.instanceId(), instanceId) && s.startNanos() >= afterNanos);
  }

  /** End of the last successful response from {@code instanceId} (0 if none). */
  long lastFrom(String instanceId) {
    return all.stream().filter(s -> s.ok() && Objects.equals(s.instanceId(), instanceId))
        .mapToLong(Sample::endNanos).max().orElse(0);
  }

  /** First failure's start and last failure's end, or null without failures. */
  long[] failureWindow() {
    List<Sample> f = all.stream().filter(s -> !s.ok()).toList();
    if (f.isEmpty()) return null;
    return new long[] {f.stream().mapToLong(Sample::startNanos).min().orElseThrow(),
        f.stream().mapToLong(Sample::endNanos).max().orElseThrow()};
  }

  String firstFailure() {
    return all.stream().filter(s -> !s.ok()).findFirst()
        .map(s -> s.path() + " -> " + (s.status() < 0 ? s.error() : String.valueOf(s.status()))).orElse("none");
  }

  static long ms(long nanos) {
    return Math.round(nanos / 1e6);
  }
}
