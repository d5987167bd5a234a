package dev.zerodown.provisioner.console;

import java.util.List;
import java.util.Map;

/** A verb's result: the lines it prints, or with {@code --output json} the one document it prints instead. */
public interface Report {
  List<String> lines();

  Map<String, Object> document();
}
