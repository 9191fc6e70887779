package io.authbridge.config;

import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.authbridge.error.ErrorDialect;
import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.IgnoreTopLevelConverterNotFoundBindHandler;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.filter.FilterDefinition;
import org.springframework.cloud.gateway.filter.factory.GatewayFilterFactory;
import org.springframework.cloud.gateway.handler.predicate.PredicateDefinition;
import org.springframework.cloud.gateway.handler.predicate.RoutePredicateFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.route.RouteDefinitionRouteLocator;
import org.springframework.cloud.gateway.support.ConfigurationService;
import org.springframework.cloud.gateway.support.NameUtils;
import org.springframework.cloud.gateway.support.ShortcutConfigurable;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;

/**
 * Checks a set of route definitions as a whole before the gateway builds them, at startup and at every refresh.
 * <ul>
 * <li>AuthBridge's own filters (every filter factory of {@code io.authbridge}): each argument must be one their
 * {@code Config} binds, exactly as the gateway binds it (the gateway ignores the others: {@code scopez: client}
 * would ask for no scope), no shortcut value may be left without an argument, and a {@code project-variable}
 * must be a URI variable of the route's {@code Path} or {@code Host} predicate.</li>
 * <li>The metadata AuthBridge reads: {@code public} ({@code true} or {@code false}), {@code dialect} (one of
 * the error dialects), {@code connect-timeout} and {@code response-timeout} (whole milliseconds).</li>
 * <li>Every route is then built once by the gateway's own route locator, so that every other filter and
 * predicate (unknown names, values their factories refuse) fails here, named by its route, rather than
 * when the gateway first loads its routes, with the port already open.</li>
 * </ul>
 * The known arguments are the {@code Config} classes' properties: a new argument is a new setter there and
 * nothing here.
 */
final class RouteValidator {

    /** Metadata keys AuthBridge reads, and the values each accepts (see {@link #checkMetadata}). */
    static final String PUBLIC = "public";

    static final String DIALECT = "dialect";

    static final List<String> MILLISECOND_KEYS = List.of("connect-timeout", "response-timeout");

    /** The Authorize argument naming a URI variable, in its canonical (uniform) spelling. */
    private static final String PROJECT_VARIABLE = "projectvariable";

    private static final Pattern URI_VARIABLE = Pattern.compile("\\{\\*?([A-Za-z_][A-Za-z0-9_]*)(?::[^}]*)?}");

    private final Map<String, GatewayFilterFactory<?>> filters = new LinkedHashMap<>();

    private final List<RoutePredicateFactory> predicateFactories;

    private final List<GatewayFilterFactory> filterFactories;

    private final GatewayProperties gatewayProperties;

    private final ConfigurationService configurationService;

    @SuppressWarnings({ "rawtypes", "unchecked" })
    RouteValidator(List<GatewayFilterFactory> filterFactories, List<RoutePredicateFactory> predicateFactories,
            GatewayProperties gatewayProperties, ConfigurationService configurationService) {
        this.filterFactories = filterFactories;
        this.predicateFactories = predicateFactories;
        this.gatewayProperties = gatewayProperties;
        this.configurationService = configurationService;
        for (GatewayFilterFactory factory : filterFactories) {
            filters.put(factory.name(), factory);
        }
    }

    /** The problems of these routes (with the gateway's default filters); empty when the set may be served. */
    List<ConfigurationProblem> problems(List<RouteDefinition> routes) {
        List<ConfigurationProblem> problems = new ArrayList<>();
        for (FilterDefinition filter : gatewayProperties.getDefaultFilters()) {
            checkFilter(RouteDefinitionRouteLocator.DEFAULT_FILTERS, filter, Set.of(), problems);
        }
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < routes.size(); i++) {
            RouteDefinition route = routes.get(i);
            String id = route.getId() == null ? "#" + (i + 1) : route.getId();
            if (!ids.add(id)) {
                problems.add(new ConfigurationProblem(id, "id", "two routes have this id"));
            }
            checkMetadata(id, route.getMetadata(), problems);
            Set<String> variables = uriVariables(route);
            int before = problems.size();
            for (FilterDefinition filter : route.getFilters()) {
                checkFilter(id, filter, variables, problems);
            }
            if (problems.size() == before) {
                // (after an argument problem the trial build would only repeat it)
                build(id, route, problems);
            }
        }
        return problems;
    }

    /** Throws {@link InvalidConfigurationException} naming every problem of these routes. */
    void validate(List<RouteDefinition> routes) {
        List<ConfigurationProblem> problems = problems(routes);
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
    }

    private static void checkMetadata(String id, Map<String, Object> metadata, List<ConfigurationProblem> problems) {
        if (metadata.containsKey(PUBLIC)) {
            Object value = metadata.get(PUBLIC);
            if (!(value instanceof Boolean) && !(value != null
                    && ("true".equalsIgnoreCase(value.toString().trim()) || "false".equalsIgnoreCase(value.toString().trim())))) {
                problems.add(new ConfigurationProblem(id, "metadata." + PUBLIC,
                        "must be true or false, not '" + value + "'"));
            }
        }
        if (metadata.containsKey(DIALECT) && ErrorDialect.fromName(metadata.get(DIALECT)) == null) {
            problems.add(new ConfigurationProblem(id, "metadata." + DIALECT,
                    "unknown dialect '" + metadata.get(DIALECT) + "' (known: signalwire, exceptionless, laml)"));
        }
        for (String key : MILLISECOND_KEYS) {
            if (metadata.containsKey(key)) {
                Object value = metadata.get(key);
                boolean whole = value instanceof Integer || value instanceof Long;
                if (!whole && value != null) {
                    try {
                        Long.parseLong(value.toString().trim());
                        whole = true;
                    }
                    catch (NumberFormatException ex) {
                        whole = false;
                    }
                }
                if (!whole) {
                    problems.add(new ConfigurationProblem(id, "metadata." + key,
                            "must be a whole number of milliseconds, not '" + value + "'"));
                }
            }
        }
    }

    private void checkFilter(String id, FilterDefinition filter, Set<String> variables,
            List<ConfigurationProblem> problems) {
        GatewayFilterFactory<?> factory = filters.get(filter.getName());
        if (factory == null || !factory.getClass().getPackageName().startsWith("io.authbridge")) {
            return; // unknown names and the gateway's own filters: the trial build below names them
        }
        Map<String, Object> args = normalizedKeys(filter.getArgs(), factory);
        for (String key : args.keySet()) {
            if (key.startsWith(NameUtils.GENERATED_NAME_PREFIX)) {
                problems.add(new ConfigurationProblem(id, filter.getName(), "more shortcut values than arguments ("
                        + String.join(", ", factory.shortcutFieldOrder()) + ")"));
                return;
            }
        }
        try {
            new Binder(List.of(new MapConfigurationPropertySource(args)), null,
                    ApplicationConversionService.getSharedInstance())
                .bindOrCreate("", Bindable.of(factory.getConfigClass()),
                        new NoUnboundElementsBindHandler(new IgnoreTopLevelConverterNotFoundBindHandler()));
        }
        catch (BindException ex) {
            if (ex.getCause() instanceof UnboundConfigurationPropertiesException unbound) {
                for (ConfigurationProperty property : unbound.getUnboundProperties()) {
                    problems.add(new ConfigurationProblem(id, filter.getName() + "." + property.getName(),
                            "unknown argument of " + filter.getName() + " (known: "
                                    + String.join(", ", arguments(factory.getConfigClass())) + ")"));
                }
            }
            else {
                String argument = ex.getProperty() == null ? null : ex.getProperty().getName().toString();
                problems.add(new ConfigurationProblem(id, filter.getName() + (argument == null ? "" : "." + argument),
                        "invalid value: " + rootMessage(ex)));
            }
            return;
        }
        args.forEach((key, value) -> {
            if (uniform(key).equals(PROJECT_VARIABLE) && value != null && !value.toString().isBlank()
                    && !variables.contains(value.toString().trim())) {
                problems.add(new ConfigurationProblem(id, filter.getName() + "." + key, "'" + value
                        + "' is not a URI variable of the route's Path or Host predicate (has: "
                        + (variables.isEmpty() ? "none" : String.join(", ", variables)) + ")"));
            }
        });
    }

    /** The route built by the gateway's own locator, alone: whatever its factories refuse is a problem. */
    @SuppressWarnings({ "rawtypes", "unchecked" })
    private void build(String id, RouteDefinition route, List<ConfigurationProblem> problems) {
        RouteDefinitionRouteLocator locator = new RouteDefinitionRouteLocator(() -> Flux.just(route),
                predicateFactories, filterFactories, gatewayProperties, configurationService);
        try {
            Route built = locator.getRoutes().blockFirst();
            if (built == null) {
                problems.add(new ConfigurationProblem(id, null, "the gateway could not build this route"));
            }
        }
        catch (RuntimeException ex) {
            Throwable failure = Exceptions.unwrap(ex);
            String argument = null;
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof BindException bind && bind.getProperty() != null) {
                    argument = bind.getProperty().getName().toString();
                }
            }
            problems.add(new ConfigurationProblem(id, argument, rootMessage(failure)));
        }
    }

    /** The arguments with shortcut keys ({@code _genkey_0}...) named as the gateway names them. */
    private static Map<String, Object> normalizedKeys(Map<String, String> args, ShortcutConfigurable factory) {
        Map<String, Object> named = new LinkedHashMap<>();
        List<String> order = factory.shortcutFieldOrder();
        int index = 0;
        for (Map.Entry<String, String> entry : args.entrySet()) {
            String key = entry.getKey();
            if (key.startsWith(NameUtils.GENERATED_NAME_PREFIX) && factory.shortcutType() == ShortcutConfigurable.ShortcutType.DEFAULT
                    && index < order.size()) {
                key = order.get(index);
            }
            named.put(key, entry.getValue());
            index++;
        }
        return named;
    }

    /** The URI template variables of the route's Path and Host patterns. */
    private static Set<String> uriVariables(RouteDefinition route) {
        Set<String> variables = new LinkedHashSet<>();
        for (PredicateDefinition predicate : route.getPredicates()) {
            if ("Path".equals(predicate.getName()) || "Host".equals(predicate.getName())) {
                for (String pattern : predicate.getArgs().values()) {
                    Matcher matcher = URI_VARIABLE.matcher(pattern == null ? "" : pattern);
                    while (matcher.find()) {
                        variables.add(matcher.group(1));
                    }
                }
            }
        }
        return variables;
    }

    /** The arguments a filter's Config binds, in their dashed spelling. */
    private static List<String> arguments(Class<?> config) {
        List<String> names = new ArrayList<>();
        for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(config)) {
            if (property.getWriteMethod() != null) {
                names.add(property.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    private static String uniform(String key) {
        return key.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }

    private static String rootMessage(Throwable failure) {
        String message = null;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null) {
                message = cause.getMessage();
            }
        }
        return message == null ? failure.getClass().getSimpleName() : message;
    }
}
