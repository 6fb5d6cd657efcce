package dev.brook.firehose.format;

/**
 * A JSON record that does not fit the schema: malformed JSON, or a value of the wrong type. The
 * message names the field (a path such as {@code geo.lat} or {@code tags[3]}) and the value.
 */
public class FormatConversionException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final String problem;

    FormatConversionException(String field, String problem) {
        super(field == null ? problem : "Field '" + field + "': " + problem);
        this.field = field;
        this.problem = problem;
    }

    FormatConversionException(String problem, Throwable cause) {
        super(problem, cause);
        this.field = null;
        this.problem = problem;
    }

    /** The path of the field that failed, or null when the record as a whole is malformed. */
    public String field() {
        return field;
    }

    /** What was wrong, without the field. */
    public String problem() {
        return problem;
    }

    /** The same problem at a more precise path (an array index or map key in place of a marker). */
    FormatConversionException at(String compiledPrefix, String actualPrefix) {
        String path =
                field != null && field.startsWith(compiledPrefix)
                        ? actualPrefix + field.substring(compiledPrefix.length())
                        : field;
        return new FormatConversionException(path, problem);
    }
}
