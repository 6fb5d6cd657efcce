package dev.brook.firehose.config;

import java.util.List;

/**
 * A delivery stream definition that cannot run: each problem names the field (as a path such as
 * {@code ExtendedS3DestinationConfiguration.BufferingHints.SizeInMBs}) and the rule or limit.
 */
public final class InvalidDefinitionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public InvalidDefinitionException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public InvalidDefinitionException(String problem) {
        this(List.of(problem));
    }

    /** One line per problem, in the order of the definition. */
    public List<String> problems() {
        return problems;
    }
}
