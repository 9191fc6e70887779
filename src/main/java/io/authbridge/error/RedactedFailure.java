package io.authbridge.error;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import io.authbridge.AuthBridge;
import io.authbridge.credential.Credential;
import io.authbridge.credential.QueryCredentials;
import io.authbridge.path.ShownPath;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * A failure as the log may show it: the same classes, stack traces, causes and suppressed failures, with every
 * secret the request carried taken out of their messages. A framework's message may quote the request (Spring's
 * checkpoint names every failure's request, query included; the gateway's URI builders quote the query they could
 * not build), and a defect's message anything it was given: the {@code Authorization} header's values, the secret
 * the credential held, the values of the query's credential parameters (in every spelling, as written and decoded)
 * become {@code ***}, and a path that names a token is shown as the access log shows it ({@link ShownPath}).
 */
final class RedactedFailure extends Exception {

    /** Header values shorter than this are no credential worth hiding, and would be found anywhere. */
    private static final int SHORTEST_HEADER_SECRET = 8;

    private final String text;

    private RedactedFailure(String text, StackTraceElement[] stack) {
        super(text, null, true, true);
        this.text = text;
        setStackTrace(stack);
    }

    /** {@code failure} with the secrets of {@code exchange}'s request taken out, or itself when it carried none. */
    static Throwable of(Throwable failure, ServerWebExchange exchange, QueryCredentials queryCredentials) {
        List<String> secrets = secrets(exchange, queryCredentials);
        String path = exchange.getRequest().getPath().value();
        String shown = ShownPath.of(path);
        if (secrets.isEmpty() && shown.equals(path)) {
            return failure;
        }
        return copy(failure, text -> redact(text, secrets, path, shown), Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static List<String> secrets(ServerWebExchange exchange, QueryCredentials queryCredentials) {
        ServerHttpRequest request = exchange.getRequest();
        List<String> secrets = new ArrayList<>();
        for (String value : request.getHeaders().getOrEmpty(HttpHeaders.AUTHORIZATION)) {
            add(secrets, value.strip(), SHORTEST_HEADER_SECRET);
            int space = value.strip().indexOf(' ');
            if (space > 0) {
                add(secrets, value.strip().substring(space + 1).strip(), SHORTEST_HEADER_SECRET);
            }
        }
        Credential credential = exchange.getAttribute(AuthBridge.CREDENTIAL_ATTRIBUTE);
        if (credential != null) {
            add(secrets, credential.secret(), SHORTEST_HEADER_SECRET);
        }
        for (String value : queryCredentials.values(request.getURI().getRawQuery(), QueryCredentials.SHORTEST_SECRET)) {
            add(secrets, value, QueryCredentials.SHORTEST_SECRET);
        }
        // the longest first: a secret that holds another is taken out whole
        secrets.sort((a, b) -> b.length() - a.length());
        return secrets;
    }

    private static void add(List<String> secrets, String secret, int shortest) {
        if (secret != null && secret.length() >= shortest && !secrets.contains(secret)) {
            secrets.add(secret);
        }
    }

    private static String redact(String text, List<String> secrets, String path, String shown) {
        if (text == null) {
            return null;
        }
        String redacted = text;
        for (String secret : secrets) {
            redacted = redacted.replace(secret, ShownPath.MASK);
        }
        return shown.equals(path) ? redacted : redacted.replace(path, shown);
    }

    private static Throwable copy(Throwable failure, java.util.function.UnaryOperator<String> redact, Set<Throwable> seen) {
        seen.add(failure);
        String message = redact.apply(failure.getMessage());
        RedactedFailure copy = new RedactedFailure(failure.getClass().getName() + (message == null ? "" : ": " + message),
                failure.getStackTrace());
        Throwable cause = failure.getCause();
        if (cause != null && !seen.contains(cause)) {
            copy.initCause(copy(cause, redact, seen));
        }
        for (Throwable suppressed : failure.getSuppressed()) {
            if (!seen.contains(suppressed)) {
                copy.addSuppressed(copy(suppressed, redact, seen));
            }
        }
        return copy;
    }

    /** The original's class and redacted message, as its own {@code toString} would begin. */
    @Override
    public String toString() {
        return text;
    }
}
