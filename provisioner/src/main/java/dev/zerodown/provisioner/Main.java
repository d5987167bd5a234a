package dev.zerodown.provisioner;

import dev.zerodown.provisioner.synth.SynthCommand;
import java.util.Arrays;
import picocli.CommandLine;

/** Entry point of the provisioner CLI (skeleton: the provisioner issue fills it in). */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("synth")) {  // until the root command registers SynthCommand
      System.exit(new CommandLine(new SynthCommand()).execute(Arrays.copyOfRange(args, 1, args.length)));
    }
    System.out.println("zerodown provisioner skeleton");
  }
}
