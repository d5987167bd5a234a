package dev.zerodown.provisioner.cli;

/** How a verb prints its result: for people, or as one JSON document on standard output. */
public enum OutputFormat {
  text, json
}
