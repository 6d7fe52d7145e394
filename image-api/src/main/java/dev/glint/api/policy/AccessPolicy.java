package dev.glint.api.policy;

import dev.glint.api.domain.ApiException;
import dev.glint.api.identity.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Decides whether a caller may perform an action on a target: Glance's default rules, with the
 * operator's policy file ({@code glint.policy.file}) replacing some of them. The file is read once
 * when the service starts; an unknown action, a rule that does not parse, or a reference to a rule
 * that does not exist stops the start.
 */
@ApplicationScoped
public class AccessPolicy implements PolicyRule.Rules {

    private static final Logger LOG = Logger.getLogger(AccessPolicy.class);

    private final Map<String, PolicyRule> rules;

    public AccessPolicy(@ConfigProperty(name = "glint.policy.file") Optional<String> file) {
        Map<String, String> overrides = file.filter(name -> !name.isBlank())
                .map(name -> PolicyFile.read(Path.of(name))).orElse(Map.of());
        this.rules = compile(overrides);
        file.filter(name -> !name.isBlank()).ifPresent(name -> LOG.infof(
                "Policy: %d rule(s) from %s replace Glance's defaults: %s", overrides.size(), name, overrides.keySet()));
    }

    /** The defaults with {@code overrides} applied; throws IllegalArgumentException on any mistake. */
    public static Map<String, PolicyRule> compile(Map<String, String> overrides) {
        Map<String, String> texts = new LinkedHashMap<>();
        PolicyDefaults.rules().forEach((action, rule) -> texts.put(action, rule.rule()));
        for (Map.Entry<String, String> override : overrides.entrySet()) {
            if (!texts.containsKey(override.getKey())) {
                throw new IllegalArgumentException("Unknown action '" + override.getKey()
                        + "' in the policy file; known actions: " + texts.keySet());
            }
            texts.put(override.getKey(), override.getValue());
        }
        Map<String, PolicyRule> compiled = new HashMap<>();
        texts.forEach((action, text) -> compiled.put(action, PolicyParser.parse(text)));
        compiled.forEach((action, rule) -> checkReferences(action, rule, compiled, new HashSet<>()));
        return Map.copyOf(compiled);
    }

    private static void checkReferences(String action, PolicyRule rule, Map<String, PolicyRule> all, Set<String> path) {
        if (!path.add(action)) {
            throw new IllegalArgumentException("Policy rules refer to each other in a circle: " + path);
        }
        Set<String> names = new HashSet<>();
        rule.references(names);
        for (String name : names) {
            PolicyRule target = all.get(name);
            if (target == null) {
                throw new IllegalArgumentException("The rule of '" + action + "' refers to rule:" + name
                        + ", which does not exist");
            }
            checkReferences(name, target, all, new HashSet<>(path));
        }
    }

    @Override
    public PolicyRule rule(String name) {
        PolicyRule rule = rules.get(name);
        if (rule == null) {
            // Only reachable from code asking for an action that was never defined: refuse, never allow.
            throw new IllegalStateException("No policy rule named '" + name + "'");
        }
        return rule;
    }

    public boolean allows(String action, Caller caller, PolicyTarget target) {
        return rule(action).test(caller, target, this);
    }

    /** 403 with Glance's message unless the caller may perform the action. */
    public void enforce(String action, Caller caller, PolicyTarget target) {
        if (!allows(action, caller, target)) {
            throw ApiException.forbidden("You are not authorized to complete " + action + " action.");
        }
    }

    /**
     * For the tasks API: Glance checks the blanket {@code tasks_api_access} rule first, then the
     * call's own ({@code get_task}, {@code get_tasks}, {@code add_task}, {@code modify_task}).
     */
    public void enforceTasksApi(String action, Caller caller, PolicyTarget target) {
        enforce("tasks_api_access", caller, target);
        enforce(action, caller, target);
    }
}
