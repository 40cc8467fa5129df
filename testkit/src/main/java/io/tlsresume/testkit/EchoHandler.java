package io.tlsresume.testkit;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The Jetty handler of the test and demo nodes: answers every request with the {@link Echo}
 * line, from the request attributes the tlsresume customizer sets, the protocol being the HTTP
 * version.
 */
public final class EchoHandler extends Handler.Abstract {
    private final String nodeAttribute;
    private final String resumedAttribute;

    /** Reads the node and resumed flag from these request attributes. */
    public EchoHandler(String nodeAttribute, String resumedAttribute) {
        this.nodeAttribute = nodeAttribute;
        this.resumedAttribute = resumedAttribute;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String body = Echo.body(request.getAttribute(nodeAttribute),
                request.getAttribute(resumedAttribute),
                request.getConnectionMetaData().getProtocol());
        Content.Sink.write(response, true, body, callback);
        return true;
    }
}
