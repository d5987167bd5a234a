package dev.zerodown.provisioner.cfn;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** How stacks are changed: through a change set (the default), or CreateStack/UpdateStack directly. */
public enum Method {
  CHANGE_SET("change-set"), DIRECT("direct");

  private final String label;

  Method(String label) {
    this.label = label;
  }

  @Override
  public String toString() {
    return label;
  }

  /** picocli converter accepting change-set or direct. */
  public static final class Converter implements ITypeConverter<Method> {
    @Override
    public Method convert(String value) {
      for (Method m : values()) if (m.label.equals(value)) return m;
      throw new TypeConversionException("--method must be change-set or direct: " + value);
    }
  }
}
