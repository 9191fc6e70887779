package io.authbridge.upstream;

import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import reactor.netty.http.client.HttpClient;

/**
 * Spring Cloud Gateway's routing filter, sending every proxied request through the shared HTTP client,
 * with the gateway's header filters as {@link ProxyHeadersFilter#replacingDefaults} arranges them: the
 * request's headers are copied once on their way upstream instead of once per default filter.
 */
final class UpstreamRoutingFilter extends NettyRoutingFilter {

    private volatile List<HttpHeadersFilter> headersFilters;

    UpstreamRoutingFilter(HttpClient httpClient, ObjectProvider<List<HttpHeadersFilter>> headersFilters,
            HttpClientProperties properties) {
        super(httpClient, headersFilters, properties);
    }

    @Override
    public List<HttpHeadersFilter> getHeadersFilters() {
        List<HttpHeadersFilter> filters = headersFilters;
        if (filters == null) {
            // resolved on first use, as the gateway does: header filters may depend on beans built after this one
            List<HttpHeadersFilter> all = super.getHeadersFilters();
            filters = ProxyHeadersFilter.replacingDefaults(all == null ? List.of() : all);
            headersFilters = filters;
        }
        return filters;
    }
}
