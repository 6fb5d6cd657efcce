package dev.brook.firehose.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.apache.flink.table.types.logical.LogicalType;

/**
 * A reader for a scalar column. JSON strings go through {@link #fromText} (as OpenX does, "42"
 * fills an INT column); subclasses take the JSON token kinds that suit their type.
 */
abstract class ScalarReader implements JsonValueReader {

    private static final int MAX_VALUE_IN_MESSAGE = 100;

    final String path;
    final LogicalType type;

    ScalarReader(String path, LogicalType type) {
        this.path = path;
        this.type = type;
    }

    @Override
    public Object read(JsonParser p) throws IOException, FormatConversionException {
        JsonToken token = p.currentToken();
        switch (token) {
            case VALUE_STRING:
                return fromText(p.getText());
            case VALUE_NUMBER_INT:
                return fromInteger(p);
            case VALUE_NUMBER_FLOAT:
                return fromDecimal(p);
            case VALUE_TRUE:
            case VALUE_FALSE:
                return fromBoolean(token == JsonToken.VALUE_TRUE);
            default:
                return fromStructure(p);
        }
    }

    /** The value for a JSON string (and for a map key). */
    abstract Object fromText(String text) throws FormatConversionException;

    Object fromInteger(JsonParser p) throws IOException, FormatConversionException {
        throw cannotConvert(p.getText(), null);
    }

    Object fromDecimal(JsonParser p) throws IOException, FormatConversionException {
        throw cannotConvert(p.getText(), null);
    }

    Object fromBoolean(boolean value) throws FormatConversionException {
        throw cannotConvert(String.valueOf(value), null);
    }

    Object fromStructure(JsonParser p) throws IOException, FormatConversionException {
        throw new FormatConversionException(
                path, "expected " + type.asSummaryString() + " but got " + describe(p));
    }

    /** For a value from a JSON string: quoted (and shortened) in the message. */
    FormatConversionException cannotConvertText(String text, String why) {
        return cannotConvert(shorten(text), why);
    }

    /** For a value shown as it is, e.g. a JSON number's text. */
    FormatConversionException cannotConvert(String shown, String why) {
        return new FormatConversionException(
                path,
                "cannot convert "
                        + shown
                        + " to "
                        + type.asSummaryString()
                        + (why == null ? "" : ": " + why));
    }

    /** The value at the parser for an error message: the text of a scalar, the kind otherwise. */
    static String describe(JsonParser p) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.START_OBJECT) {
            return "a JSON object";
        }
        if (token == JsonToken.START_ARRAY) {
            return "a JSON array";
        }
        return token == JsonToken.VALUE_STRING ? shorten(p.getText()) : p.getText();
    }

    static String shorten(String value) {
        String shown =
                value.length() <= MAX_VALUE_IN_MESSAGE
                        ? value
                        : value.substring(0, MAX_VALUE_IN_MESSAGE)
                                + "... ("
                                + value.length()
                                + " characters)";
        return "'" + shown + "'";
    }
}
