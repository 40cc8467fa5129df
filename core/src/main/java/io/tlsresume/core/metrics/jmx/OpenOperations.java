package io.tlsresume.core.metrics.jmx;

import io.tlsresume.core.metrics.Operation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * A source's {@link Operation}s in open types: a text is a {@code String}; a table is an array of
 * {@link CompositeData} whose items are its columns, as an MXBean maps a list of records, so a
 * typed {@code JMX.newMXBeanProxy} reads the rows back as records with those components.
 */
final class OpenOperations {
    private final Map<String, Operation> operations = new LinkedHashMap<>();
    private final Map<String, CompositeType> rowTypes = new LinkedHashMap<>();
    private final OpenMBeanOperationInfo[] info;

    OpenOperations(String group, List<Operation> offered) {
        List<OpenMBeanOperationInfo> infos = new ArrayList<>();
        for (Operation operation : offered) {
            operations.put(operation.name(), operation);
            OpenType<?> returned = SimpleType.STRING;
            if (operation.isTable()) {
                CompositeType row = rowType(group, operation);
                rowTypes.put(operation.name(), row);
                returned = arrayOf(row);
            }
            infos.add(new OpenMBeanOperationInfoSupport(operation.name(),
                    operation.description(), new OpenMBeanParameterInfo[0], returned,
                    operation.changesState() ? MBeanOperationInfo.ACTION
                            : MBeanOperationInfo.INFO));
        }
        info = infos.toArray(OpenMBeanOperationInfo[]::new);
    }

    OpenMBeanOperationInfo[] info() {
        return info.clone();
    }

    Object invoke(String name) throws ReflectionException {
        Operation operation = operations.get(name);
        if (operation == null) {
            throw new ReflectionException(new NoSuchMethodException(name), "no operation " + name);
        }
        Object result = operation.action().get();
        if (!operation.isTable()) {
            return result;
        }
        CompositeType row = rowTypes.get(name);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) result;
        CompositeData[] out = new CompositeData[rows.size()];
        try {
            for (int i = 0; i < out.length; i++) {
                out[i] = new CompositeDataSupport(row, rows.get(i));
            }
        } catch (OpenDataException e) {
            throw new IllegalStateException("operation " + name + " returned a row that does"
                    + " not match its columns: " + e.getMessage(), e);
        }
        return out;
    }

    private static CompositeType rowType(String group, Operation operation) {
        List<String> names = new ArrayList<>(operation.columns().keySet());
        OpenType<?>[] types = new OpenType<?>[names.size()];
        for (int i = 0; i < types.length; i++) {
            Class<?> type = operation.columns().get(names.get(i));
            types[i] = type == Long.class ? SimpleType.LONG : type == Integer.class
                    ? SimpleType.INTEGER : type == Boolean.class ? SimpleType.BOOLEAN
                    : SimpleType.STRING;
        }
        String[] items = names.toArray(String[]::new);
        try {
            return new CompositeType(JmxExporter.DOMAIN + "." + group + "." + operation.name(),
                    "A row of " + operation.name(), items, items, types);
        } catch (OpenDataException e) {
            throw new IllegalArgumentException("operation " + operation.name() + ": "
                    + e.getMessage(), e);
        }
    }

    private static ArrayType<CompositeData> arrayOf(CompositeType row) {
        try {
            return new ArrayType<>(1, row);
        } catch (OpenDataException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
