package io.authbridge.upstream;

import java.util.List;

import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebHandler;
import org.springframework.web.server.adapter.HttpWebHandlerAdapter;
import org.springframework.web.server.handler.FilteringWebHandler;
import org.springframework.web.server.handler.WebHandlerDecorator;

/** The web filters the server's handler runs, in their order. */
final class ServerWebFilters {

    private ServerWebFilters() {
    }

    static List<WebFilter> of(HttpHandler handler) {
        WebHandler web = ((HttpWebHandlerAdapter) handler).getDelegate();
        while (!(web instanceof FilteringWebHandler filtering)) {
            web = ((WebHandlerDecorator) web).getDelegate();
        }
        return filtering.getFilters();
    }

    static boolean isOwn(WebFilter filter) {
        return ChainedWebFilters.isAuthBridges(filter);
    }
}
