package io.authbridge.upstream;

/**
 * Request headers that a feature never lets a client send upstream as it sent them (AuthBridge's identity
 * headers, for one). An {@code HttpHeadersFilter} bean that also implements this is asked about every
 * request header during the routing filter's one pass over them, so that it needs no pass of its own;
 * setting the real values is then left to its {@code filter}.
 */
public interface UnforwardedHeaders {

    /** Whether a client's header of this name is left out of the request sent upstream. */
    boolean unforwarded(CharSequence name);
}
