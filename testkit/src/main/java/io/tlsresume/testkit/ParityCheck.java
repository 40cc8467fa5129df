package io.tlsresume.testkit;

import io.tlsresume.core.AttributeTable;
import io.tlsresume.core.AttributeTable.Attribute;
import io.tlsresume.core.AttributeTable.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks an adapter's {@link AttributeTable} against the server's configuration class and
 * {@code docs/parity.md}: every public setter is classified, every classified attribute has a
 * row in its section of the page with the same status and text, and every honoured attribute's
 * test class exists. A new attribute in a Jetty or Tomcat upgrade so fails the check until it
 * is classified and documented.
 */
public final class ParityCheck {
    /** {@code docs/parity.md}, seen from a module's directory (where Maven runs tests). */
    public static final Path PAGE = Path.of("..", "docs", "parity.md");

    private final List<String> problems = new ArrayList<>();

    private ParityCheck() {
    }

    /**
     * The attribute names the public setters ({@code setX}) and adders ({@code addX}) of
     * {@code type} and its supertypes configure, by the bean-property rule ({@code setCrlPath}
     * is {@code crlPath}, {@code setSNISelector} is {@code SNISelector}).
     *
     * @param plumbing method names that configure no TLS behaviour (lifecycle, beans, values
     *     the server sets itself); excluded
     * @param renames method name to attribute name where the user writes another name (every
     *     adder must be renamed or be plumbing)
     */
    public static Set<String> setterAttributes(Class<?> type, Set<String> plumbing,
            Map<String, String> renames) {
        Set<String> names = new TreeSet<>();
        for (Method method : type.getMethods()) {
            String name = method.getName();
            if (!Modifier.isStatic(method.getModifiers()) && method.getParameterCount() > 0
                    && (name.startsWith("set") || name.startsWith("add"))
                    && !plumbing.contains(name)) {
                if (renames.containsKey(name)) {
                    names.add(renames.get(name));
                } else if (name.startsWith("add")) {
                    throw new IllegalStateException(type.getName() + "." + name + " is neither"
                            + " renamed to the attribute it adds to nor plumbing");
                } else {
                    names.add(property(name.substring(3)));
                }
            }
        }
        return names;
    }

    /** The bean property of a setter's suffix: {@code CrlPath -> crlPath}, {@code SNISelector} kept. */
    static String property(String suffix) {
        if (suffix.length() > 1 && Character.isUpperCase(suffix.charAt(1))) {
            return suffix;
        }
        return Character.toLowerCase(suffix.charAt(0)) + suffix.substring(1);
    }

    /**
     * Checks {@code table} and throws an {@link AssertionError} listing every mismatch.
     *
     * @param setters the attributes the configuration class has ({@link #setterAttributes})
     * @param beyondSetters attributes the user writes that are not setters (Tomcat's
     *     {@code <Certificate type>}, set through the constructor)
     * @param section the heading ({@code ## ...}) of the page's section for this table
     * @param testPackage the package of the honoured attributes' test classes
     * @param awaited test classes named by honoured attributes that another part of the work
     *     adds; each this table names must still be missing (so the list shrinks as they
     *     arrive); see {@link #testsNamed}
     */
    public static void check(AttributeTable<?> table, Set<String> setters,
            Set<String> beyondSetters, String section, String testPackage, Set<String> awaited) {
        ParityCheck check = new ParityCheck();
        check.classified(table, setters, beyondSetters);
        check.documented(table, rows(section));
        check.tested(table, testPackage, awaited);
        if (!check.problems.isEmpty()) {
            throw new AssertionError(check.problems.size() + " parity problems:\n  "
                    + String.join("\n  ", check.problems));
        }
    }

    private void classified(AttributeTable<?> table, Set<String> setters,
            Set<String> beyondSetters) {
        for (String setter : setters) {
            if (table.get(setter).isEmpty()) {
                problems.add(setter + ": a setter nobody classified (add it to the table and"
                        + " to docs/parity.md)");
            }
        }
        for (String name : table.attributes().keySet()) {
            if (!setters.contains(name) && !beyondSetters.contains(name)) {
                problems.add(name + ": classified but the server has no such attribute");
            }
        }
    }

    private void documented(AttributeTable<?> table, Map<String, List<String>> rows) {
        for (Attribute<?> attribute : table.attributes().values()) {
            List<String> row = rows.get(attribute.name());
            if (row == null) {
                problems.add(attribute.name() + ": no row in docs/parity.md");
                continue;
            }
            String status = row.size() > 1 ? row.get(1) : "";
            if (!status.equals(attribute.status().label())) {
                problems.add(attribute.name() + ": docs/parity.md says '" + status + "', the"
                        + " code " + attribute.status().label());
            }
            String text = String.join(" | ", row);
            if (!text.contains(attribute.detail())) {
                problems.add(attribute.name() + ": docs/parity.md's row lacks the code's text '"
                        + attribute.detail() + "'");
            }
            if (attribute.status() == Status.HONOURED
                    && !text.contains("`" + attribute.test() + "`")) {
                problems.add(attribute.name() + ": docs/parity.md's row does not name test `"
                        + attribute.test() + "`");
            }
        }
        for (String name : rows.keySet()) {
            if (table.get(name).isEmpty()) {
                problems.add(name + ": docs/parity.md has a row the code does not classify");
            }
        }
    }

    private void tested(AttributeTable<?> table, String testPackage, Set<String> awaited) {
        Set<String> named = new TreeSet<>();
        for (Attribute<?> attribute : table.attributes().values()) {
            if (attribute.status() == Status.HONOURED) {
                named.add(attribute.test());
            }
        }
        for (String test : named) {
            boolean exists = exists(testPackage + "." + test);
            if (!exists && !awaited.contains(test)) {
                problems.add(test + ": named by an honoured attribute, no such test class");
            }
            if (exists && awaited.contains(test)) {
                problems.add(test + ": exists now; remove it from the awaited tests");
            }
        }
    }

    /** The test classes the honoured attributes of {@code tables} name. */
    public static Set<String> testsNamed(AttributeTable<?>... tables) {
        Set<String> named = new TreeSet<>();
        for (AttributeTable<?> table : tables) {
            table.attributes().values().stream().filter(a -> a.status() == Status.HONOURED)
                    .forEach(a -> named.add(a.test()));
        }
        return named;
    }

    private static boolean exists(String className) {
        try {
            Class.forName(className, false, Thread.currentThread().getContextClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /**
     * The table rows of section {@code heading} of {@code docs/parity.md}: attribute (the first
     * cell, without backticks) to its cells.
     */
    public static Map<String, List<String>> rows(String heading) {
        String page;
        try {
            page = Files.readString(PAGE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int start = page.indexOf("\n" + heading + "\n");
        if (start < 0) {
            throw new AssertionError("docs/parity.md has no section '" + heading + "'");
        }
        int end = page.indexOf("\n## ", start + heading.length() + 1);
        String section = page.substring(start, end < 0 ? page.length() : end);
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (String line : section.split("\n")) {
            if (line.startsWith("| `")) {
                List<String> cells = Arrays.stream(line.substring(1, line.lastIndexOf('|'))
                        .split(" \\| ")).map(String::strip).toList();
                String name = cells.get(0).replace("`", "");
                if (rows.put(name, cells) != null) {
                    throw new AssertionError("docs/parity.md: two rows for " + name);
                }
            }
        }
        return rows;
    }
}
