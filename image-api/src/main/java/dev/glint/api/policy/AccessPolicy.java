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
 *
 * <p>With {@code glint.policy.enforce-scope} (Glance's {@code [oslo_policy] enforce_scope}, on by
 * default as in current Glance) an action is refused to a token of a scope its rule is not meant
 * for, before the rule is looked at: Glance's rules are all for project-scoped tokens, so a
 * system-scoped admin token is refused project resources (403, or 404 where Glance hides the
 * image), as oslo.policy's InvalidScope does there.
 */
@ApplicationScoped
public class AccessPolicy implements PolicyRule.Rules {

    private static final Logger LOG = Logger.getLogger(AccessPolicy.class);

    private final Map<String, PolicyRule> rules;
    private final boolean enforceScope;

    public AccessPolicy(@ConfigProperty(name = "glint.policy.file") Optional<String> file,
            @ConfigProperty(name = "glint.policy.enforce-scope", defaultValue = "true") boolean enforceScope) {
        Map<String, String> overrides = file.filter(name -> !name.isBlank())
                .map(name -> PolicyFile.read(Path.of(name))).orElse(Map.of());
        this.rules = compile(overrides);
        this.enforceScope = enforceScope;
        file.filter(name -> !name.isBlank()).ifPresent(name -> LOG.infof(
                "Policy: %d rule(s) from %s replace Glance's defaults: %s", overrides.size(), name, overrides.keySet()));
        overrides.keySet().stream().filter(GlanceActions.WITHOUT_CALL_IN_GLINT::contains)
                .filter(name -> !PolicyDefaults.rules().containsKey(name))
                .forEach(name -> LOG.infof("Policy: '%s' is a Glance action Glint has no call for; its rule is never asked",
                        name));
        LOG.infof("Policy: scope %s (glint.policy.enforce-scope)", enforceScope
                ? "enforced: tokens of another scope than an action's (Glance's: project) are refused"
                : "not enforced: any token's roles count, whatever its scope");
    }

    /**
     * The defaults with {@code overrides} applied; throws IllegalArgumentException on any mistake.
     * Besides Glint's actions a file may hold, as a Glance policy file does, rules that other rules
     * name ({@code image_publisher: role:publisher} with {@code rule:image_publisher}) and rules
     * of Glance's actions that Glint has no call for (they are kept and never asked); any other
     * name is taken for a misspelt action and stops the start.
     */
    public static Map<String, PolicyRule> compile(Map<String, String> overrides) {
        Map<String, String> texts = new LinkedHashMap<>();
        PolicyDefaults.rules().forEach((action, rule) -> texts.put(action, rule.rule()));
        texts.putAll(overrides);
        Map<String, PolicyRule> compiled = new HashMap<>();
        texts.forEach((action, text) -> compiled.put(action, PolicyParser.parse(text)));
        Set<String> referenced = new HashSet<>();
        compiled.values().forEach(rule -> rule.references(referenced));
        for (String name : overrides.keySet()) {
            if (!PolicyDefaults.rules().containsKey(name) && !referenced.contains(name)
                    && !GlanceActions.WITHOUT_CALL_IN_GLINT.contains(name)) {
                throw new IllegalArgumentException("Unknown action '" + name + "' in the policy file (no rule"
                        + " refers to it with rule:" + name + "); known actions: " + PolicyDefaults.rules().keySet());
            }
        }
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
        PolicyRule rule = rule(action);
        return scopeAllows(action, caller) && rule.test(caller, target, this);
    }

    /**
     * Whether the caller's token scope suits the action: always when scope is not enforced or the
     * action names no scope types (as oslo.policy, only the action checked is, not the rules it
     * refers to).
     */
    public boolean scopeAllows(String action, Caller caller) {
        if (!enforceScope) {
            return true;
        }
        PolicyDefaults.Rule defaults = PolicyDefaults.rules().get(action);
        Set<String> types = defaults == null ? Set.of() : defaults.scopeTypes();
        return types.isEmpty() || types.contains(caller.scope().type());
    }

    public boolean enforcesScope() {
        return enforceScope;
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
