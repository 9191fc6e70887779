package io.authbridge;

/**
 * Names shared across AuthBridge's features: exchange attribute keys are fully qualified so they never
 * collide with the framework's or another filter's.
 */
public final class AuthBridge {

    /** Exchange attribute holding the {@code AuthenticatedPrincipal} of the request, when authenticated. */
    public static final String PRINCIPAL_ATTRIBUTE = AuthBridge.class.getName() + ".principal";

    /** Exchange attribute holding the parsed {@code Credential} the client presented. */
    public static final String CREDENTIAL_ATTRIBUTE = AuthBridge.class.getName() + ".credential";

    /** Exchange attribute holding the {@code ErrorDialect} of the matched route. */
    public static final String DIALECT_ATTRIBUTE = AuthBridge.class.getName() + ".dialect";

    /** Exchange attribute naming the authentication outcome, for the access log and metrics. */
    public static final String OUTCOME_ATTRIBUTE = AuthBridge.class.getName() + ".outcome";

    /**
     * Exchange attribute holding the request with its canonical path, when the path as received was not
     * canonical (see {@code io.authbridge.path}): the request every handler and route saw.
     */
    public static final String CANONICAL_REQUEST_ATTRIBUTE = AuthBridge.class.getName() + ".canonicalRequest";

    private AuthBridge() {
    }
}
