package dev.zerodown.provisioner.cli;

import dev.zerodown.provisioner.host.Host;

/** The root command as the verbs see it: where the machine's {@link Host} comes from (no import of the root). */
public interface HostSource {
  Host host();
}
