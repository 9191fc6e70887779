package io.authbridge.error;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import io.authbridge.AuthBridge;
import io.authbridge.Escapes;
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
 * and the path's segments {@link ShownPath} masks (in the path as received and as canonicalized) become
 * {@code ***}, each as written and decoded; a malformed credential's words too.
 */
final class RedactedFailure extends Exception {

    /**
     * Shorter text is no secret worth hiding (a token has 20 characters at least, a public id 36), and would be found
     * anywhere in a message.
     */
    private static final int SHORTEST_SECRET = 8;

    private final String text;

    private RedactedFailure(String text, StackTraceElement[] stack) {
        super(text, null, true, true);
        this.text = text;
        setStackTrace(stack);
    }

    /** {@code failure} with the secrets of {@code exchange}'s request taken out, or itself when it carried none. */
    static Throwable of(Throwable failure, ServerWebExchange exchange, QueryCredentials queryCredentials) {
        List<String> secrets = secrets(exchange, queryCredentials);
        if (secrets.isEmpty()) {
            return failure;
        }
        return copy(failure, text -> redact(text, secrets), Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static List<String> secrets(ServerWebExchange exchange, QueryCredentials queryCredentials) {
        ServerHttpRequest request = exchange.getRequest();
        List<String> secrets = new ArrayList<>();
        for (String value : request.getHeaders().getOrEmpty(HttpHeaders.AUTHORIZATION)) {
            add(secrets, value.strip());
            // a malformed value too: each of its words (Bearer TOKEN extra, a list of credentials)
            for (String word : value.split("[\\s,]+")) {
                add(secrets, word);
            }
        }
        Credential credential = exchange.getAttribute(AuthBridge.CREDENTIAL_ATTRIBUTE);
        if (credential != null) {
            add(secrets, credential.secret());
        }
        ServerHttpRequest canonical = exchange.getAttributeOrDefault(AuthBridge.CANONICAL_REQUEST_ATTRIBUTE, request);
        for (ServerHttpRequest spelling : List.of(request, canonical)) {
            for (String value : queryCredentials.values(spelling.getURI().getRawQuery(), SHORTEST_SECRET)) {
                add(secrets, value);
            }
            pathSecrets(spelling.getPath().value(), secrets);
        }
        // the longest first: a secret that holds another is taken out whole
        secrets.sort((a, b) -> b.length() - a.length());
        return secrets;
    }

    /**
     * The segments of {@code path} that {@link ShownPath} masks (every one after a {@code tokens} segment, in any
     * spelling), as written and decoded.
     */
    private static void pathSecrets(String path, List<String> secrets) {
        if (ShownPath.of(path).equals(path)) {
            return;
        }
        boolean afterTokens = false;
        for (String segment : path.split("[/\\\\]")) {
            String decoded = segment;
            for (int i = 0; i < 4 && decoded.indexOf('%') >= 0; i++) {
                decoded = Escapes.decodeValid(decoded);
            }
            if (afterTokens) {
                add(secrets, segment);
                add(secrets, decoded);
                int parameters = decoded.indexOf(';');
                add(secrets, parameters < 0 ? null : decoded.substring(0, parameters));
            }
            afterTokens |= decoded.split(";", 2)[0].equalsIgnoreCase("tokens");
        }
    }

    private static void add(List<String> secrets, String secret) {
        if (secret != null && secret.length() >= SHORTEST_SECRET && !secrets.contains(secret)) {
            secrets.add(secret);
        }
    }

    private static String redact(String text, List<String> secrets) {
        if (text == null) {
            return null;
        }
        String redacted = text;
        for (String secret : secrets) {
            redacted = redacted.replace(secret, ShownPath.MASK);
        }
        return redacted;
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
