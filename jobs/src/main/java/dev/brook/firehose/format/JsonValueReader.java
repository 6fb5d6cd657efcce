package dev.brook.firehose.format;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;

/**
 * Reads the JSON value at the parser's current token (never {@code null}: callers handle JSON null)
 * into Flink's internal data for one column type. Built once per schema, so converting a record
 * does no type dispatch by reflection.
 */
interface JsonValueReader {
    Object read(JsonParser parser) throws IOException, FormatConversionException;
}
