package dev.zerodown.provisioner.cfn;

import java.util.Map;

/** One stack as it should be: name, template, parameters, tags, and the template's resource count. */
public record StackSpec(String name, Template template, Map<String, String> parameters, Map<String, String> tags,
    int resourceCount) {}
