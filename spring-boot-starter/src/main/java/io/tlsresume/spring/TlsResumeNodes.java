package io.tlsresume.spring;

import io.tlsresume.core.ResumptionNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The tlsresume nodes of this application's server connectors. A node runs while its connector
 * runs (it joins the cluster when the connector starts and leaves when it stops); the health
 * contributor, endpoint and meters read the nodes through this bean.
 */
public final class TlsResumeNodes {
    private final List<Supplier<ResumptionNode>> connectors = new CopyOnWriteArrayList<>();

    /** Adds a connector's node, read each time (it is {@code null} while stopped). */
    void add(Supplier<ResumptionNode> node) {
        connectors.add(node);
    }

    /** How many HTTPS connectors serve through tlsresume (running or not). */
    public int connectors() {
        return connectors.size();
    }

    /** The nodes running now. */
    public List<ResumptionNode> running() {
        List<ResumptionNode> nodes = new ArrayList<>();
        connectors.stream().map(Supplier::get).filter(Objects::nonNull).forEach(nodes::add);
        return nodes;
    }
}
