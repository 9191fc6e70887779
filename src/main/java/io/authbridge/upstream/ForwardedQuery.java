package io.authbridge.upstream;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

import io.authbridge.Escapes;
import io.authbridge.credential.QueryCredentials;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

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

    /** More credential values than this in one query are refused without a search (several: malformed anyway). */
    private static final int MAX_CREDENTIAL_VALUES = 8;

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
        exchange.getResponse().beforeCommit(() -> {
            withoutCredentialsInLocation(exchange.getResponse().getHeaders());
            return Mono.empty();
        });
    }

    /**
     * A redirect the gateway answers itself ({@code RedirectTo} with {@code includeRequestParams}) carries the
     * request's query to another host: the parameters of {@code Location}'s query that hold a credential value
     * the client sent are taken out (a parameter the upstream wrote with a value of its own stays), and the whole
     * query when one is still there in another form.
     */
    void withoutCredentialsInLocation(HttpHeaders headers) {
        String location = headers.getFirst(HttpHeaders.LOCATION);
        int question = location == null ? -1 : location.indexOf('?');
        if (question < 0) {
            return;
        }
        List<String> values = credentialValues();
        int hash = location.indexOf('#', question);
        int end = hash < 0 ? location.length() : hash;
        if (!carries(location.substring(question + 1, end), values)) {
            return;
        }
        StringBuilder kept = new StringBuilder();
        boolean keptAny = false;
        int start = question + 1;
        while (start <= end) {
            int next = start;
            while (next < end && location.charAt(next) != '&' && location.charAt(next) != ';') {
                next++;
            }
            String parameter = location.substring(start, next);
            if (!carries(parameter, values)) {
                if (keptAny) {
                    // the separator the redirect wrote before this parameter
                    kept.append(location.charAt(start - 1));
                }
                kept.append(parameter);
                keptAny = true;
            }
            start = next + 1;
        }
        String query = kept.length() == 0 || carries(kept.toString(), values) ? "" : "?" + kept;
        headers.set(HttpHeaders.LOCATION, location.substring(0, question) + query + location.substring(end));
    }

    /** Whether {@code text}, as it is or decoded up to {@value #MAX_DECODINGS} times, holds one of {@code values}. */
    private static boolean carries(String text, List<String> values) {
        for (String decoded : decodings(text)) {
            for (String value : values) {
                if (decoded.contains(value)) {
                    return true;
                }
            }
        }
        return false;
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
     * @throws ResponseStatusException 400 when a filter changed the query and the query about to be sent still
     * carries the value of a credential parameter the client sent ({@link #refuseIfCarryingACredential})
     */
    String applyTo(String url) {
        int question = url.indexOf('?');
        if (question < 0) {
            return url;
        }
        int hash = url.indexOf('#', question);
        int end = hash < 0 ? url.length() : hash;
        String query = url.substring(question + 1, end);
        String replaced = apply(query);
        if (!query.equals(received)) {
            refuseIfCarryingACredential(replaced);
        }
        if (Objects.equals(replaced, query)) {
            return url;
        }
        StringBuilder out = new StringBuilder(url.length()).append(url, 0, question);
        if (replaced != null) {
            out.append('?').append(replaced);
        }
        return out.append(url, end, url.length()).toString();
    }

    /**
     * A filter that changed the query (a route's {@code AddRequestParameter}, {@code RemoveRequestParameter} or
     * {@code RewritePath} with a query, or one of the application's) may have turned a credential parameter into
     * something {@link #strip} no longer recognizes: into the value of another parameter (the gateway's filters
     * read only {@code &} as a separator and escape a {@code ;}), or escaped once more than the names it
     * recognizes. The query about to be sent must then not hold the value of any credential parameter the client
     * sent, as it is or decoded up to {@value #MAX_DECODINGS} times, unless the client sent that value in a
     * parameter of another name as well (its own choice, forwarded on any route); when it does, the request is
     * refused rather than sent. A query of more credential values than {@value #MAX_CREDENTIAL_VALUES} (several
     * different credentials: malformed) is refused without looking.
     */
    private void refuseIfCarryingACredential(String sentQuery) {
        if (sentQuery == null) {
            return;
        }
        List<String> values = credentialValues();
        if (values.size() > MAX_CREDENTIAL_VALUES) {
            throw carrying();
        }
        List<String> sent = decodings(sentQuery);
        List<String> kept = decodings(forwarded == null ? "" : forwarded);
        for (String value : values) {
            if (sent.stream().anyMatch(text -> text.contains(value)) && kept.stream().noneMatch(text -> text.contains(value))) {
                throw carrying();
            }
        }
    }

    /** {@code text} as it is and decoded again and again, up to {@value #MAX_DECODINGS} times, while it changes. */
    private static List<String> decodings(String text) {
        List<String> decodings = new ArrayList<>(MAX_DECODINGS + 1);
        decodings.add(text);
        for (int i = 0; i < MAX_DECODINGS; i++) {
            String decoded = Escapes.decodeValid(text);
            if (decoded.equals(text)) {
                break;
            }
            decodings.add(decoded);
            text = decoded;
        }
        return decodings;
    }

    private static ResponseStatusException carrying() {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST,
                "a query credential the route's filters moved where it cannot be removed");
    }

    /**
     * The values of the received query's credential parameters (each parameter {@link #strip} removes), as written
     * and decoded, of the length of a secret at least: a shorter value authenticates nothing and would be found
     * anywhere.
     */
    private List<String> credentialValues() {
        return QueryCredentials.values(received, strip, QueryCredentials.SHORTEST_SECRET);
    }

    @Override
    public String toString() {
        // never the queries: the received one holds a credential
        return "ForwardedQuery[credential parameters removed]";
    }
}
