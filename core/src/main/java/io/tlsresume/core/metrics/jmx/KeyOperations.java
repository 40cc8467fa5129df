package io.tlsresume.core.metrics.jmx;

import io.tlsresume.core.NodeMetricsMXBean;
import io.tlsresume.core.ring.RingKey;
import java.util.List;
import javax.management.MBeanOperationInfo;
import javax.management.ReflectionException;
import javax.management.openmbean.ArrayType;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenMBeanOperationInfo;
import javax.management.openmbean.OpenMBeanOperationInfoSupport;
import javax.management.openmbean.OpenMBeanParameterInfo;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;

/**
 * The node MBean's key operations in open types: {@code ringKeys} returns one
 * {@link CompositeData} per key (the items of {@link RingKey}, as an MXBean maps a record, so
 * {@code JMX.newMXBeanProxy} reads them back as {@link RingKey}s); {@code rotateNow} and
 * {@code revokeAll} return the new encrypting key's fingerprint.
 */
final class KeyOperations {
    private static final String[] ITEMS = {"encryptsFrom", "epoch", "expires", "fingerprint",
        "state"};
    private static final CompositeType KEY;
    private static final ArrayType<CompositeData> KEYS;
    /** The operations' descriptions. */
    static final OpenMBeanOperationInfo[] INFO;

    static {
        try {
            KEY = new CompositeType(RingKey.class.getName(), "One ring key; never key bytes",
                    ITEMS, new String[] {"When its epoch starts (ISO-8601)", "Rotation epoch",
                        "When it leaves the ring (ISO-8601)", "Eight hex digits of SHA-256 over"
                                + " the key's name", "encrypting, next or decrypting"},
                    new OpenType<?>[] {SimpleType.STRING, SimpleType.LONG, SimpleType.STRING,
                        SimpleType.STRING, SimpleType.STRING});
            KEYS = new ArrayType<>(1, KEY);
        } catch (OpenDataException e) {
            throw new ExceptionInInitializerError(e);
        }
        OpenMBeanParameterInfo[] none = new OpenMBeanParameterInfo[0];
        INFO = new OpenMBeanOperationInfo[] {
            new OpenMBeanOperationInfoSupport("ringKeys", "Each key this node holds: epoch,"
                    + " fingerprint, state, expiry. Never key bytes.", none, KEYS,
                    MBeanOperationInfo.INFO),
            new OpenMBeanOperationInfoSupport("rotateNow", "A new key encrypts on every node"
                    + " within one tick; older keys decrypt until their tickets expire. Returns"
                    + " the new key's fingerprint.", none, SimpleType.STRING,
                    MBeanOperationInfo.ACTION),
            new OpenMBeanOperationInfoSupport("revokeAll", "After a suspected leak: every key"
                    + " on every node and in the store is dropped and a fresh key encrypts;"
                    + " older tickets get a full handshake. Returns the new key's fingerprint.",
                    none, SimpleType.STRING, MBeanOperationInfo.ACTION),
        };
    }

    private final NodeMetricsMXBean node;

    KeyOperations(NodeMetricsMXBean node) {
        this.node = node;
    }

    Object invoke(String operation) throws ReflectionException {
        return switch (operation) {
            case "ringKeys" -> toOpenData(node.ringKeys());
            case "rotateNow" -> node.rotateNow();
            case "revokeAll" -> node.revokeAll();
            default -> throw new ReflectionException(new NoSuchMethodException(operation),
                    "no operation " + operation);
        };
    }

    private static CompositeData[] toOpenData(List<RingKey> keys) {
        CompositeData[] out = new CompositeData[keys.size()];
        try {
            for (int i = 0; i < out.length; i++) {
                RingKey key = keys.get(i);
                out[i] = new CompositeDataSupport(KEY, ITEMS, new Object[] {key.encryptsFrom(),
                    key.epoch(), key.expires(), key.fingerprint(), key.state()});
            }
        } catch (OpenDataException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
