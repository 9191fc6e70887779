package io.authbridge.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The metric names that deploy/'s Grafana dashboard and Prometheus alert rules query. */
public final class DeployMetricNames {

    /** Our metrics and Spring Boot's that the files use; PromQL functions and labels never match these prefixes. */
    private static final Pattern NAME = Pattern.compile("\\b(?:authbridge|cache|jvm|r2dbc|process)_[a-z0-9_]+\\b");

    private static final Path[] FILES = { Path.of("deploy/grafana/authbridge-dashboard.json"),
            Path.of("deploy/prometheus/authbridge-rules.yaml") };

    private DeployMetricNames() {
    }

    /** Every name, as it appears in a scrape (with its _bucket, _count or _total suffix). */
    public static Set<String> all() {
        Set<String> names = new TreeSet<>();
        for (Path file : FILES) {
            try {
                Matcher matcher = NAME.matcher(Files.readString(file));
                while (matcher.find()) {
                    names.add(matcher.group());
                }
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        return names;
    }

    /** Whether a scrape has a sample of this metric. */
    public static boolean scraped(String scrape, String name) {
        return scrape.lines().anyMatch(line -> line.startsWith(name + "{") || line.startsWith(name + " "));
    }
}
