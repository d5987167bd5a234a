package dev.zerodown.provisioner.cli;

import picocli.CommandLine.IVersionProvider;

/** --version: the provisioner's version (from the jar manifest). */
public final class Version implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Version.class.getPackage().getImplementationVersion();
    return new String[] {"zerodown provisioner " + (v == null ? "(development build)" : v)};
  }
}
