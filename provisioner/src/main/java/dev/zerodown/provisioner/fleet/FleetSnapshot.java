package dev.zerodown.provisioner.fleet;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The web fleet at one moment: every instance of the group and every registered target, merged by id. */
public record FleetSnapshot(List<Member> members) {

  public FleetSnapshot {
    members = List.copyOf(members);
  }

  public Optional<Member> member(String instanceId) {
    return members.stream().filter(m -> m.instanceId().equals(instanceId)).findFirst();
  }

  public Set<String> ids() {
    return members.stream().map(Member::instanceId).collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  /** Instances InService in the group and healthy in the target group. */
  public List<Member> serving() {
    return members.stream().filter(m -> m.inService() && m.healthy()).toList();
  }
}
