package dev.brook.firehose.format;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Case-insensitive enum lookup with an error that names what was given and what is allowed. */
final class EnumNames {
    private EnumNames() {}

    static <E extends Enum<E>> E parse(Class<E> type, String name, String what) {
        E[] constants = type.getEnumConstants();
        if (name != null) {
            String normalized = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            for (E constant : constants) {
                if (constant.name().equals(normalized)) {
                    return constant;
                }
            }
        }
        throw new IllegalArgumentException(
                "Unknown "
                        + what
                        + " '"
                        + name
                        + "'; expected one of "
                        + Arrays.stream(constants)
                                .map(Enum::name)
                                .collect(Collectors.joining(", ")));
    }
}
