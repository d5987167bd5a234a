package dev.zerodown.provisioner.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.Cli;
import dev.zerodown.provisioner.cfn.ChangeSet;
import dev.zerodown.provisioner.cfn.ResourceChange;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangeViewTest {
  private final Console plain = new Console(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
      Cli.host(), false, false, false, false);

  @Test
  void change_set_lines_use_plus_gt_minus_and_flag_replacements() {
    ChangeSet cs = new ChangeSet("zerodown-dev-network", "cs", "CREATE_COMPLETE", null, List.of(
        new ResourceChange("Add", "NatGatewayC", "AWS::EC2::NatGateway", null, List.of()),
        new ResourceChange("Modify", "AlbSecurityGroup", "AWS::EC2::SecurityGroup", "True", List.of("GroupDescription")),
        new ResourceChange("Modify", "TargetGroup", "AWS::ElasticLoadBalancingV2::TargetGroup", "False", List.of()),
        new ResourceChange("Modify", "Listener", "AWS::ElasticLoadBalancingV2::Listener", "Conditional", List.of()),
        new ResourceChange("Remove", "OldRoute", "AWS::EC2::Route", null, List.of())));
    assertThat(ChangeView.render(plain, cs)).containsExactly(
        "zerodown-dev-network: 5 changes, 2 REPLACEMENTS",
        "  + AWS::EC2::NatGateway                      NatGatewayC",
        "  > AWS::EC2::SecurityGroup                   AlbSecurityGroup  !! REPLACEMENT (GroupDescription)",
        "  > AWS::ElasticLoadBalancingV2::TargetGroup  TargetGroup",
        "  > AWS::ElasticLoadBalancingV2::Listener     Listener  !! MAY BE REPLACED",
        "  - AWS::EC2::Route                           OldRoute");
  }

  @Test
  void direct_mode_lists_changed_parameters_only() {
    assertThat(ChangeView.renderDirect(plain, "zerodown-dev-network", false, 59, false,
        Map.of("AdminCidr", "203.0.113.7/32", "SingleNatGateway", "false"),
        Map.of("AdminCidr", "203.0.113.7/32", "SingleNatGateway", "true"))).containsExactly(
        "zerodown-dev-network: update",
        "  > parameter SingleNatGateway: false -> true");
  }

  @Test
  void colours_only_on_a_terminal() {
    Console tty = new Console(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
        Cli.host(true, ""), false, false, false, false);
    Console ttyNoColor = new Console(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
        Cli.host(true, ""), true, false, false, false);
    assertThat(ChangeView.symbol(tty, "Add")).isEqualTo("\u001b[32m+\u001b[0m");
    assertThat(ChangeView.symbol(ttyNoColor, "Add")).isEqualTo("+");
    assertThat(ChangeView.symbol(plain, "Remove")).isEqualTo("-");
  }
}
