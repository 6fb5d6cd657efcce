package dev.brook.firehose.config;

import java.util.Map;
import java.util.regex.Pattern;

/** Secrets given in the definition, or by the name of an environment variable that holds them. */
final class Secrets {
    static final Pattern ENV_VAR = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private Secrets() {}

    /**
     * The secret: {@code value}, or the value of the environment variable {@code envVar}; null when
     * neither is given. The definition's validation allows at most one of them.
     */
    static String resolve(
            String parent, String field, String value, String envVar, Map<String, String> env) {
        if (envVar == null) {
            return value;
        }
        String secret = env.get(envVar);
        if (secret == null) {
            throw new InvalidDefinitionException(
                    parent
                            + "."
                            + field
                            + "EnvVar: the environment variable "
                            + envVar
                            + " is not set");
        }
        return secret;
    }
}
