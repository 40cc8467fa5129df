package io.tlsresume.core.metrics.jmx;

import io.tlsresume.core.metrics.Metric;
import io.tlsresume.core.metrics.MetricSource;
import io.tlsresume.core.metrics.MetricsSink;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.ImmutableDescriptor;
import javax.management.JMException;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.ReflectionException;
import javax.management.openmbean.OpenMBeanAttributeInfo;
import javax.management.openmbean.OpenMBeanAttributeInfoSupport;
import javax.management.openmbean.OpenMBeanConstructorInfo;
import javax.management.openmbean.OpenMBeanInfoSupport;
import javax.management.openmbean.OpenMBeanOperationInfo;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;

/**
 * Publishes every {@link MetricSource} of a {@link MetricsSink} as one open MBean,
 * {@code io.tlsresume:type=<group>,name=<nodeId>}, with one read-only attribute per
 * {@link Metric#attribute()} (metrics that share an attribute, e.g. one per protocol, are
 * summed), and one operation per {@link MetricSource#operations()} (the node's key operations).
 * Open types only, so any JMX client (jconsole, {@code JMX.newMXBeanProxy}, the core's
 * {@code KeysCommand}) uses it.
 */
public final class JmxExporter implements AutoCloseable {
    private static final Logger LOG = System.getLogger("io.tlsresume.metrics");
    /** The domain of every tlsresume MBean. */
    public static final String DOMAIN = "io.tlsresume";

    private final MetricsSink sink;
    private final MBeanServer server;
    private final List<ObjectName> registered = new ArrayList<>();
    private final Consumer<MetricSource> exporter = this::export;
    private boolean closed;

    private JmxExporter(MetricsSink sink, MBeanServer server) {
        this.sink = sink;
        this.server = server;
    }

    /** Publishes {@code sink}'s sources, now and as they are added, on the platform server. */
    public static JmxExporter start(MetricsSink sink) {
        return start(sink, ManagementFactory.getPlatformMBeanServer());
    }

    /** Publishes {@code sink}'s sources, now and as they are added, on {@code server}. */
    public static JmxExporter start(MetricsSink sink, MBeanServer server) {
        JmxExporter jmx = new JmxExporter(sink, server);
        sink.subscribe(jmx.exporter);
        return jmx;
    }

    /** {@code io.tlsresume:type=<group>,name="<nodeId>"}. */
    public static ObjectName objectName(String group, String nodeId) {
        try {
            return new ObjectName(DOMAIN + ":type=" + group + ",name=" + ObjectName.quote(nodeId));
        } catch (JMException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private synchronized void export(MetricSource source) {
        if (closed) {
            return;
        }
        ObjectName name = objectName(source.group(), sink.nodeId());
        try {
            server.registerMBean(new SourceMBean(source), name);
            registered.add(name);
        } catch (JMException e) {
            LOG.log(Level.WARNING, "Metrics {0} of node {1} not exposed over JMX ({2}); give each"
                    + " node in this JVM its own tlsresume.nodeId", source.group(),
                    sink.nodeId(), e.getMessage());
        }
    }

    /** Removes the MBeans this exporter registered and stops following the sink. */
    @Override
    public void close() {
        // Outside this exporter's lock: the sink calls export() holding its own.
        sink.unsubscribe(exporter);
        synchronized (this) {
            closed = true;
            unregisterAll();
        }
    }

    private void unregisterAll() {
        for (ObjectName name : registered) {
            try {
                server.unregisterMBean(name);
            } catch (JMException e) {
                LOG.log(Level.DEBUG, "Could not unregister " + name, e);
            }
        }
        registered.clear();
    }

    /** One source as an open MBean. */
    private static final class SourceMBean implements DynamicMBean {
        private final Map<String, List<Metric>> attributes = new LinkedHashMap<>();
        private final OpenOperations operations;
        private final MBeanInfo info;

        SourceMBean(MetricSource source) {
            for (Metric metric : source.metrics()) {
                List<Metric> same = attributes.computeIfAbsent(metric.attribute(),
                        a -> new ArrayList<>());
                if (!same.isEmpty() && (same.get(0).type() != metric.type()
                        || metric.type() == String.class || metric.type() == Boolean.class)) {
                    throw new IllegalArgumentException("metrics sharing attribute "
                            + metric.attribute() + " must be numbers of one type");
                }
                same.add(metric);
            }
            List<OpenMBeanAttributeInfo> infos = new ArrayList<>();
            attributes.forEach((attribute, metrics) -> infos.add(info(attribute, metrics.get(0))));
            operations = new OpenOperations(source.group(), source.operations());
            info = new OpenMBeanInfoSupport(source.getClass().getName(), "tlsresume "
                    + source.group() + " metrics", infos.toArray(OpenMBeanAttributeInfo[]::new),
                    new OpenMBeanConstructorInfo[0], operations.info(),
                    new javax.management.MBeanNotificationInfo[0]);
        }

        private static OpenMBeanAttributeInfo info(String attribute, Metric metric) {
            OpenType<?> type = metric.type() == Long.class ? SimpleType.LONG
                    : metric.type() == Integer.class ? SimpleType.INTEGER
                    : metric.type() == Boolean.class ? SimpleType.BOOLEAN : SimpleType.STRING;
            // JMX's standard descriptor field: lets generic consoles tell rates from levels.
            ImmutableDescriptor descriptor = new ImmutableDescriptor("metricType="
                    + (metric.kind() == Metric.Kind.COUNTER ? "counter" : "gauge"),
                    "metricName=" + metric.name());
            return new OpenMBeanAttributeInfoSupport(attribute, metric.description(), type, true,
                    false, metric.type() == Boolean.class, descriptor);
        }

        @Override
        public Object getAttribute(String attribute) throws AttributeNotFoundException {
            List<Metric> metrics = attributes.get(attribute);
            if (metrics == null) {
                throw new AttributeNotFoundException(attribute);
            }
            if (metrics.size() == 1) {
                return metrics.get(0).read();
            }
            long sum = 0;
            for (Metric metric : metrics) {
                sum += ((Number) metric.read()).longValue();
            }
            return metrics.get(0).type() == Integer.class ? (Object) (int) sum : (Object) sum;
        }

        @Override
        public AttributeList getAttributes(String[] names) {
            AttributeList list = new AttributeList();
            for (String name : names) {
                try {
                    list.add(new Attribute(name, getAttribute(name)));
                } catch (AttributeNotFoundException e) {
                    // JMX: attributes that cannot be read are left out of the list.
                }
            }
            return list;
        }

        @Override
        public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
            throw new AttributeNotFoundException(attribute.getName() + " is read-only");
        }

        @Override
        public AttributeList setAttributes(AttributeList attributes) {
            return new AttributeList();
        }

        @Override
        public Object invoke(String action, Object[] params, String[] signature)
                throws ReflectionException {
            if (params != null && params.length > 0) {
                throw new ReflectionException(new NoSuchMethodException(action),
                        "no operation " + action);
            }
            return operations.invoke(action);
        }

        @Override
        public MBeanInfo getMBeanInfo() {
            return info;
        }
    }
}
