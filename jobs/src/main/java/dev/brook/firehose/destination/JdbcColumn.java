package dev.brook.firehose.destination;

import java.io.Serializable;

/**
 * A column of the destination table, as the database described it when the job was built.
 *
 * @param name the column's name exactly as stored (quoted in statements)
 * @param type how JSON values load into it
 * @param typeName the database's type name, for messages
 * @param nullable whether it accepts NULL
 * @param length the maximum length of a character column, or the precision of a numeric one; 0 for
 *     no limit
 * @param scale the scale of a numeric column
 */
record JdbcColumn(
        String name, JdbcColumnType type, String typeName, boolean nullable, int length, int scale)
        implements Serializable {}
