package io.authbridge.error;

import org.springframework.http.HttpStatusCode;
import reactor.netty.channel.AbortedException;

/**
 * A client that went away while its request was being read (a body cut short, a connection reset) is no failure
 * of the gateway's: it is answered with nothing (there is no one to answer) and recorded as 499, nginx's
 * status for it, in the access log and the request metrics; never logged as an error.
 */
public final class ClientAborts {

    /** nginx's status for a request whose client went away before it was answered. */
    public static final HttpStatusCode CLIENT_CLOSED_REQUEST = HttpStatusCode.valueOf(499);

    private ClientAborts() {
    }

    /** Whether {@code failure}, or any of its causes, is the client's connection going away. */
    public static boolean isClientAbort(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof AbortedException || AbortedException.isConnectionReset(cause)) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
