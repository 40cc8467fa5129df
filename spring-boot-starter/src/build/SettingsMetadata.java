import io.tlsresume.core.Setting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Build step (generate-resources): writes META-INF/additional-spring-configuration-metadata.json
 * with the description and default of every tlsresume.* property from core's Setting, so the IDE
 * metadata Boot's configuration processor produces documents each setting in the words of its
 * one definition. Run with core on the class path; argument: the file to write.
 */
public final class SettingsMetadata {
    /** The key comes from Boot's SSL configuration, never from tlsresume.* properties. */
    private static final Set<Setting> NOT_PROPERTIES = EnumSet.of(Setting.KEY_STORE_PATH,
            Setting.KEY_STORE_TYPE, Setting.KEY_STORE_PASSWORD, Setting.KEY_ALIAS,
            Setting.KEY_PASSWORD, Setting.PEM_CERT_CHAIN, Setting.PEM_PRIVATE_KEY,
            Setting.PEM_KEY_PASSWORD);

    public static void main(String[] args) throws IOException {
        List<String> items = new ArrayList<>();
        for (Setting setting : Setting.values()) {
            if (NOT_PROPERTIES.contains(setting)) {
                continue;
            }
            StringBuilder item = new StringBuilder("    {\n      \"name\": \"")
                    .append(property(setting)).append("\",\n      \"description\": \"")
                    .append(json(setting.description())).append('"');
            String defaultValue = defaultValue(setting);
            if (defaultValue != null) {
                item.append(",\n      \"defaultValue\": ").append(defaultValue);
            }
            items.add(item.append("\n    }").toString());
        }
        String text = "{\n  \"properties\": [\n" + String.join(",\n", items) + "\n  ]\n}\n";
        Path out = Path.of(args[0]);
        Files.createDirectories(out.getParent());
        Files.writeString(out, text, StandardCharsets.UTF_8);
    }

    /** Boot's kebab case of the key: rotationInterval -> tlsresume.rotation-interval. */
    static String property(Setting setting) {
        if (setting == Setting.SEALING) {
            return "tlsresume.sealing.enabled"; // Boot cannot bind a value and children at one name
        }
        return Setting.PREFIX + setting.key().replaceAll("([a-z0-9])([A-Z])", "$1-$2")
                .toLowerCase(Locale.ROOT);
    }

    /** The default as a JSON value of the property's type, or null when there is none. */
    private static String defaultValue(Setting setting) {
        String text = setting.defaultValue();
        if (text.isEmpty()) {
            return null;
        }
        return switch (setting) {
            case SEALING -> String.valueOf(text.equals("on"));
            case CLUSTER_PORT -> text;
            default -> '"' + json(text) + '"';
        };
    }

    private static String json(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
