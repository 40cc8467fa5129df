package io.tlsresume.jetty;

import io.tlsresume.testkit.Echo;
import java.security.cert.X509Certificate;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The test nodes' handler: the {@link Echo} line plus {@code client=<subject>} (or
 * {@code client=none}), the client certificate as the application sees it, from the attribute
 * Jetty's {@code SecureRequestCustomizer} sets.
 */
final class ClientCertEchoHandler extends Handler.Abstract {
    /** The fact this handler adds for a client certificate with {@code subject}. */
    static String client(String subject) {
        return "client=" + subject.replace(" ", "");
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        EndPoint.SslSessionData tls = (EndPoint.SslSessionData) request.getAttribute(
                EndPoint.SslSessionData.ATTRIBUTE);
        X509Certificate[] chain = tls == null ? null : tls.peerCertificates();
        String client = chain == null || chain.length == 0 ? "none"
                : chain[0].getSubjectX500Principal().getName();
        String body = Echo.body(request.getAttribute(ResumptionCustomizer.NODE_ATTRIBUTE),
                request.getAttribute(ResumptionCustomizer.RESUMED_ATTRIBUTE),
                request.getConnectionMetaData().getProtocol(), client(client));
        Content.Sink.write(response, true, body, callback);
        return true;
    }
}
