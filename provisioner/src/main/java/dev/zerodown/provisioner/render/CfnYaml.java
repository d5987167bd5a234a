package dev.zerodown.provisioner.render;

import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Parses CloudFormation YAML into maps and lists, the short-form tags ({@code !Ref}, {@code !Sub},
 * {@code !GetAtt}, …) turned into their long form ({@code {Ref: …}}, {@code {Fn::Sub: …}}).
 */
public final class CfnYaml {
  private static final Map<String, String> TAGS = Map.ofEntries(
      Map.entry("!Ref", "Ref"), Map.entry("!Condition", "Condition"),
      Map.entry("!Sub", "Fn::Sub"), Map.entry("!GetAtt", "Fn::GetAtt"), Map.entry("!Join", "Fn::Join"),
      Map.entry("!Select", "Fn::Select"), Map.entry("!Split", "Fn::Split"), Map.entry("!If", "Fn::If"),
      Map.entry("!Not", "Fn::Not"), Map.entry("!Equals", "Fn::Equals"), Map.entry("!And", "Fn::And"),
      Map.entry("!Or", "Fn::Or"), Map.entry("!Base64", "Fn::Base64"), Map.entry("!ImportValue", "Fn::ImportValue"),
      Map.entry("!GetAZs", "Fn::GetAZs"), Map.entry("!FindInMap", "Fn::FindInMap"), Map.entry("!Cidr", "Fn::Cidr"),
      Map.entry("!Transform", "Fn::Transform"), Map.entry("!ToJsonString", "Fn::ToJsonString"),
      Map.entry("!Length", "Fn::Length"));

  private CfnYaml() {}

  /** The template as nested {@code Map<String, Object>} / {@code List<Object>} / scalars. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> parse(String yaml) {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(5 * 1024 * 1024);
    Object doc = new Yaml(new Constructor(options)).load(yaml);
    if (!(doc instanceof Map)) throw new IllegalArgumentException("not a CloudFormation template: the top level is not a mapping");
    return (Map<String, Object>) doc;
  }

  private static final class Constructor extends SafeConstructor {
    Constructor(LoaderOptions options) {
      super(options);
      TAGS.forEach((tag, function) -> yamlConstructors.put(new Tag(tag), new Intrinsic(function)));
    }

    private final class Intrinsic extends AbstractConstruct {
      private final String function;

      Intrinsic(String function) {
        this.function = function;
      }

      @Override
      public Object construct(Node node) {
        Object value;
        if (node instanceof ScalarNode scalar) {
          String text = constructScalar(scalar);
          value = function.equals("Fn::GetAtt") ? List.of(text.split("\\.", 2)) : text;
        } else if (node instanceof SequenceNode seq) {
          value = constructSequence(seq);
        } else {
          value = constructMapping((MappingNode) node);
        }
        return Map.of(function, value);
      }
    }
  }
}
