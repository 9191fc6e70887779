package io.authbridge.config;

/**
 * One thing wrong with the configuration.
 *
 * @param route the route's id ({@code default-filters} for the gateway's default filters), or null when the
 *     problem is not a route's
 * @param argument the filter argument, metadata key or property at fault, as written, or null
 * @param reason what is wrong, in a sentence
 */
record ConfigurationProblem(String route, String argument, String reason) {

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        if (route != null) {
            text.append("route '").append(route).append("'");
        }
        if (argument != null) {
            text.append(text.isEmpty() ? "" : ", ").append("'").append(argument).append("'");
        }
        return text.append(text.isEmpty() ? "" : ": ").append(reason).toString();
    }
}
