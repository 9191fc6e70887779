package io.authbridge.upstream;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

import io.authbridge.Escapes;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * The raw query the upstream receives when it differs from the client's (a query credential taken out),
 * kept on the exchange as a value instead of a changed request, so that the request stays the server's own
 * and takes the routing filter's one pass. {@link UpstreamUrlFilter} builds the gateway's request URL with it when it
 * builds that URL from the client's query as it came; otherwise the routing filter writes it into the URL it sends,
 * and on any other way upstream {@link ForwardedQueryFilter} writes it into the gateway's request URL first.
 *
 * @param received the raw query as the client sent it
 * @param forwarded the raw query to send instead, null for none
 * @param strip what made {@code forwarded} from {@code received}, for a query a route filter changed since
 */
public record ForwardedQuery(String received, String forwarded, UnaryOperator<String> strip) {

    /** The shortest secret a token can have (SPEC §12: an import refuses shorter ones). */
    private static final int MIN_SECRET_LENGTH = 20;

    /** How many times a URL is decoded looking for a credential: a server behind may decode more than once. */
    private static final int MAX_DECODINGS = 4;

    public ForwardedQuery {
        Objects.requireNonNull(received, "received");
        Objects.requireNonNull(strip, "strip");
    }

    /** Keeps this query for the exchange. */
    public void decideFor(ServerWebExchange exchange) {
        UpstreamDecisions decisions = UpstreamDecisions.on(exchange);
        decisions.query = this;
        // a URL built with an earlier decision (a forwarded request decided again) holds no query of this one
        decisions.queryWrittenInto = null;
    }

    /** The query decided for the exchange, or null when the query goes on as it is. */
    static ForwardedQuery of(ServerWebExchange exchange) {
        UpstreamDecisions decisions = UpstreamDecisions.of(exchange);
        return decisions == null ? null : decisions.query;
    }

    /**
     * The query decided for the exchange that is still to be written into {@code url}, the request URL about to be
     * requested: null when the query goes on as it is, or when {@code url} was built with it already
     * ({@link #writtenInto}).
     */
    static ForwardedQuery toWriteInto(ServerWebExchange exchange, URI url) {
        UpstreamDecisions decisions = UpstreamDecisions.of(exchange);
        return decisions == null || decisions.query == null || decisions.queryWrittenInto == url ? null
                : decisions.query;
    }

    /** Notes that {@code url}, the exchange's request URL from now on, was built with this query in it. */
    void writtenInto(ServerWebExchange exchange, URI url) {
        UpstreamDecisions.on(exchange).queryWrittenInto = url;
    }

    /**
     * {@code rawQuery} without its credential parameters: the query decided for the exchange when it was decided
     * for this very query (taking the credential out again is the most expensive part of a query-token request's
     * access line), else {@code strip} applied now.
     */
    public static String withoutCredentials(ServerWebExchange exchange, String rawQuery, UnaryOperator<String> strip) {
        ForwardedQuery decided = of(exchange);
        return decided != null && decided.received.equals(rawQuery) ? decided.forwarded : strip.apply(rawQuery);
    }

    /** The query to send in place of {@code rawQuery}, the query of the URL about to be requested. */
    String apply(String rawQuery) {
        if (received.equals(rawQuery)) {
            return forwarded;
        }
        if (rawQuery == null) {
            return null;
        }
        // the gateway's RouteToRequestUrlFilter encodes a query again when it cannot verify it as encoded (a '='
        // in a parameter's value, as in a=1;access%5Ftoken=...): every '%' becomes '%25', and a credential name
        // spelt with escapes is no longer one. The same query encoded again is sent as the stripped one, so encoded.
        if (rawQuery.equals(encodedAgain(received))) {
            return forwarded == null ? null : encodedAgain(forwarded);
        }
        return strip.apply(rawQuery);
    }

    /** {@code query} encoded as {@link URI}'s multi-argument constructor encodes a query: what the gateway does. */
    static String encodedAgain(String query) {
        try {
            return new URI(null, null, null, -1, null, query, null).getRawQuery();
        }
        catch (URISyntaxException notEncodable) {
            return null;
        }
    }

    /**
     * {@code url} (an absolute URL in ASCII, as the routing filter sends it) with its query replaced, or
     * the same instance when there is nothing to replace.
     *
     * @throws ResponseStatusException 400 when a filter changed the query and the URL still carries the value of a
     * credential parameter the client sent, in any number of decodings ({@link #refuseIfCarryingACredential})
     */
    String applyTo(String url) {
        int question = url.indexOf('?');
        if (question < 0) {
            refuseIfCarryingACredential(url);
            return url;
        }
        int hash = url.indexOf('#', question);
        int end = hash < 0 ? url.length() : hash;
        String query = url.substring(question + 1, end);
        String replaced = apply(query);
        String sent = url;
        if (!Objects.equals(replaced, query)) {
            StringBuilder out = new StringBuilder(url.length()).append(url, 0, question);
            if (replaced != null) {
                out.append('?').append(replaced);
            }
            sent = out.append(url, end, url.length()).toString();
        }
        if (!query.equals(received)) {
            refuseIfCarryingACredential(sent);
        }
        return sent;
    }

    /**
     * A filter that changed the query (a route's {@code AddRequestParameter}, {@code RemoveRequestParameter} or
     * {@code RewritePath} with a query, or one of the application's) may have turned a credential parameter into
     * something {@link #strip} no longer recognizes: into the value of another parameter (the gateway's filters
     * read only {@code &} as a separator and escape a {@code ;}), or escaped once more than the names it
     * recognizes. The URL about to be sent must then not hold the value of any credential parameter the client
     * sent, as it is or decoded any number of times; when it does, the request is refused rather than sent.
     */
    private void refuseIfCarryingACredential(String url) {
        List<String> values = credentialValues();
        String text = url;
        for (int decodings = 0; !values.isEmpty() && decodings <= MAX_DECODINGS; decodings++) {
            for (String value : values) {
                if (text.contains(value)) {
                    throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                            "a query credential the route's filters moved where it cannot be removed");
                }
            }
            String decoded = Escapes.decodeValid(text);
            if (decoded.equals(text)) {
                break;
            }
            text = decoded;
        }
    }

    /**
     * The values of the received query's credential parameters (each parameter {@link #strip} removes), as written
     * and decoded, of the length of a secret at least: a shorter value authenticates nothing and would be found
     * anywhere.
     */
    private List<String> credentialValues() {
        List<String> values = new ArrayList<>();
        int start = 0;
        while (start <= received.length()) {
            int end = start;
            while (end < received.length() && received.charAt(end) != '&' && received.charAt(end) != ';') {
                end++;
            }
            String parameter = received.substring(start, end);
            int equals = parameter.indexOf('=');
            if (equals >= 0 && !parameter.isEmpty() && strip.apply(parameter) == null) {
                String value = parameter.substring(equals + 1);
                for (String form : List.of(value, Escapes.decodeValid(value), Escapes.decodeValid(value.replace('+', ' ')))) {
                    if (form.length() >= MIN_SECRET_LENGTH && !values.contains(form)) {
                        values.add(form);
                    }
                }
            }
            start = end + 1;
        }
        return values;
    }

    @Override
    public String toString() {
        // never the queries: the received one holds a credential
        return "ForwardedQuery[credential parameters removed]";
    }
}
