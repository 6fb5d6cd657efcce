package dev.brook.sql.functions;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.api.TableException;
import org.apache.flink.table.catalog.DataTypeFactory;
import org.apache.flink.table.functions.ProcessTableFunction;
import org.apache.flink.table.functions.SpecializedFunction;
import org.apache.flink.table.functions.UserDefinedFunction;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.extraction.TypeInferenceExtractor;
import org.apache.flink.table.types.inference.CallContext;
import org.apache.flink.table.types.inference.StaticArgument;
import org.apache.flink.table.types.inference.StaticArgumentTrait;
import org.apache.flink.table.types.inference.TypeInference;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.utils.TypeConversions;
import org.apache.flink.types.Row;

/**
 * A process table function whose numeric scalar arguments take any numeric type: {@code scanRadius
 * => 0.2} (a DECIMAL literal), {@code => 1} (INT) and {@code => 2e-1} (DOUBLE) all work.
 *
 * <p>Flink 2.3 validates such calls (an implicit cast to the declared type exists) but then
 * generates code that passes the literal uncast, which does not compile. So each call gets its own
 * instance ({@link SpecializedFunction}) that declares these arguments with the types the call
 * actually has; its {@code eval} takes them as {@link Number}.
 */
public abstract class NumericArgumentsFunction extends ProcessTableFunction<Row>
        implements SpecializedFunction {
    private static final long serialVersionUID = 1L;

    /** The call's type of each static argument; null until specialized. */
    private LogicalType[] callTypes;

    /** The type inference before specialization: by default, reflectively from {@code eval}. */
    protected TypeInference declaredTypeInference(DataTypeFactory typeFactory) {
        return TypeInferenceExtractor.forProcessTableFunction(typeFactory, getClass());
    }

    @Override
    public final TypeInference getTypeInference(DataTypeFactory typeFactory) {
        TypeInference declared = declaredTypeInference(typeFactory);
        if (callTypes == null) {
            return declared;
        }
        List<StaticArgument> arguments = new ArrayList<>();
        List<StaticArgument> declaredArguments = declared.getStaticArguments().orElseThrow();
        for (int i = 0; i < declaredArguments.size(); i++) {
            StaticArgument argument = declaredArguments.get(i);
            DataType type = argument.getDataType().orElse(null);
            if (argument.is(StaticArgumentTrait.SCALAR)
                    && type != null
                    && i < callTypes.length
                    && NumericColumns.isNumeric(type.getLogicalType())
                    && NumericColumns.isNumeric(callTypes[i])) {
                argument =
                        StaticArgument.scalar(
                                argument.getName(),
                                TypeConversions.fromLogicalToDataType(
                                        callTypes[i].copy(argument.isOptional())),
                                argument.isOptional());
            }
            arguments.add(argument);
        }
        return TypeInference.newBuilder()
                .staticArguments(arguments)
                .inputTypeStrategy(declared.getInputTypeStrategy())
                .stateTypeStrategies(declared.getStateTypeStrategies())
                .outputTypeStrategy(declared.getOutputTypeStrategy())
                .build();
    }

    /**
     * Checks a call while it is planned, so that a bad argument fails the statement rather than the
     * job. Only literal arguments can be checked here; {@code eval} checks the others.
     */
    protected void validateCall(CallContext call) {}

    /**
     * The literal number at {@code pos}, or null when the argument is absent, NULL or no literal.
     */
    protected static Number literalNumber(CallContext call, int pos) {
        if (pos >= call.getArgumentDataTypes().size()
                || !call.isArgumentLiteral(pos)
                || call.isArgumentNull(pos)) {
            return null;
        }
        return call.getArgumentValue(pos, BigDecimal.class).orElse(null);
    }

    @Override
    public UserDefinedFunction specialize(SpecializedContext context) {
        validateCall(context.getCallContext());
        NumericArgumentsFunction copy;
        try {
            copy = getClass().getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new TableException("cannot instantiate " + getClass().getName(), e);
        }
        List<DataType> types = context.getCallContext().getArgumentDataTypes();
        copy.callTypes = new LogicalType[types.size()];
        for (int i = 0; i < types.size(); i++) {
            copy.callTypes[i] = types.get(i).getLogicalType();
        }
        return copy;
    }

    /**
     * A whole-number argument as an int, or null when absent.
     *
     * @throws org.apache.flink.table.api.ValidationException when it is not a whole number in
     *     [{@code min}, {@code max}]
     */
    protected static Integer wholeArgument(
            String function, String name, Number value, long min, long max) {
        if (value == null) {
            return null;
        }
        double d = value.doubleValue();
        if (d != Math.rint(d) || d < min || d > max) {
            throw new org.apache.flink.table.api.ValidationException(
                    String.format(
                            "%s parameter %s must be a whole number between %d and %d, was %s",
                            function, name, min, max, value));
        }
        return (int) d;
    }
}
