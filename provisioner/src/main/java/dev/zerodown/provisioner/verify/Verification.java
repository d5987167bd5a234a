package dev.zerodown.provisioner.verify;

import dev.zerodown.provisioner.probe.ProbeLoop;
import dev.zerodown.provisioner.probe.ProbeSummary;
import dev.zerodown.provisioner.probe.Prober;
import dev.zerodown.provisioner.probe.Timeline;
import java.net.URI;
import java.time.Duration;

/** Sends N sequential hello requests within a time budget and judges the answers. */
public final class Verification {
  private final int requests;
  private final Duration interval;
  private final Duration budget;
  private final Duration requestTimeout;
  private final int minInstances;

  public Verification(int requests, Duration interval, Duration budget, Duration requestTimeout, int minInstances) {
    if (requests < 1 || requests > 100_000) throw new IllegalArgumentException("--requests must be 1-100000: " + requests);
    if (minInstances < 1) throw new IllegalArgumentException("--min-instances must be >= 1: " + minInstances);
    if (budget.isZero() || budget.isNegative()) throw new IllegalArgumentException("--timeout must be > 0: " + budget);
    this.requests = requests;
    this.interval = interval;
    this.budget = budget;
    this.requestTimeout = requestTimeout;
    this.minInstances = minInstances;
  }

  public VerifyResult run(URI url) throws InterruptedException {
    Prober prober = new Prober(url, requestTimeout);
    ProbeLoop loop = new ProbeLoop(prober, interval, Timeline.startingNow());
    var probes = loop.run(requests, budget, () -> false, p -> {});
    return VerifyResult.judge(prober.url(), requests, minInstances, ProbeSummary.of(probes));
  }
}
