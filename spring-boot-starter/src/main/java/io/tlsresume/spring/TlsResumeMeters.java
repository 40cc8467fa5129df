package io.tlsresume.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.tlsresume.core.ResumptionNode;
import io.tlsresume.micrometer.TlsResumeMeterBinder;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Binds each connector's node to the application's {@link MeterRegistry} once the web server
 * has started (a node starts with its connector, after the registry exists, so Boot's binding
 * of {@code MeterBinder} beans at registry creation would come too early). The binder removes
 * its meters when the node closes.
 */
final class TlsResumeMeters implements ApplicationListener<WebServerInitializedEvent> {
    private final TlsResumeNodes nodes;
    private final ObjectProvider<MeterRegistry> registry;
    private final Set<ResumptionNode> bound = Collections.newSetFromMap(new IdentityHashMap<>());

    TlsResumeMeters(TlsResumeNodes nodes, ObjectProvider<MeterRegistry> registry) {
        this.nodes = nodes;
        this.registry = registry;
    }

    @Override
    public synchronized void onApplicationEvent(WebServerInitializedEvent event) {
        // The primary registry (Boot's composite when there are several).
        MeterRegistry target = registry.getIfUnique();
        if (target == null) {
            return;
        }
        bound.removeIf(node -> !nodes.running().contains(node));
        for (ResumptionNode node : nodes.running()) {
            if (bound.add(node)) {
                TlsResumeMeterBinder.bind(node, target);
            }
        }
    }
}
