package io.logspout.adapter.syslog;

import io.logspout.api.Adapter;
import io.logspout.api.LogMessage;
import io.logspout.api.Output;

/**
 * Writes each message as one syslog line, Go logspout's layouts byte for byte:
 * <pre>
 * rfc5424: &lt;PRI&gt;1 TIMESTAMP HOSTNAME(255) TAG(48) PID(128) - STRUCTURED-DATA DATA\n
 * rfc3164: &lt;PRI&gt;TIMESTAMP HOSTNAME TAG(32)[PID]: DATA\n
 * </pre>
 * where (N) cuts a field to N characters, and with octet-counted framing the line is preceded by
 * its length in bytes and a space. The line is built in a reused {@link LineBuffer} and then
 * copied to the route's output whole.
 */
final class SyslogAdapter implements Adapter {
    static final int RFC5424_HOSTNAME_RUNES = 255;
    static final int RFC5424_TAG_RUNES = 48;
    static final int RFC5424_PID_RUNES = 128;
    static final int RFC3164_TAG_RUNES = 32;

    /** Renders one field of the line. */
    @FunctionalInterface
    interface Field {
        void write(LogMessage message, LineBuffer line);
    }

    /** The fields of a line, in the order of the RFC 5424 layout. */
    record Fields(Field priority, Field timestamp, Field hostname, Field tag, Field pid, Field structuredData, Field data) {
    }

    private final boolean rfc5424;
    private final boolean octetCounted;
    private final Fields fields;
    private final LineBuffer line = new LineBuffer();

    SyslogAdapter(boolean rfc5424, boolean octetCounted, Fields fields) {
        this.rfc5424 = rfc5424;
        this.octetCounted = octetCounted;
        this.fields = fields;
    }

    @Override
    public void encode(LogMessage message, Output out) {
        LineBuffer line = this.line;
        line.clear();
        line.writeByte('<');
        fields.priority.write(message, line);
        if (rfc5424) {
            line.writeByte('>').writeByte('1').writeByte(' ');
            fields.timestamp.write(message, line);
            line.writeByte(' ');
            limited(fields.hostname, message, RFC5424_HOSTNAME_RUNES);
            line.writeByte(' ');
            limited(fields.tag, message, RFC5424_TAG_RUNES);
            line.writeByte(' ');
            limited(fields.pid, message, RFC5424_PID_RUNES);
            line.writeByte(' ').writeByte('-').writeByte(' ');
            fields.structuredData.write(message, line);
        } else {
            line.writeByte('>');
            fields.timestamp.write(message, line);
            line.writeByte(' ');
            fields.hostname.write(message, line);
            line.writeByte(' ');
            limited(fields.tag, message, RFC3164_TAG_RUNES);
            line.writeByte('[');
            fields.pid.write(message, line);
            line.writeByte(']').writeByte(':');
        }
        line.writeByte(' ');
        fields.data.write(message, line);
        line.writeByte('\n');
        if (octetCounted) {
            writeDecimal(out, line.size());
            out.writeByte(' ');
        }
        out.write(line.array(), 0, line.size());
    }

    private void limited(Field field, LogMessage message, int maxRunes) {
        int start = line.size();
        field.write(message, line);
        line.truncateRunes(start, maxRunes);
    }

    /** RFC 6587's MSG-LEN: a positive decimal without leading zeros. */
    private static void writeDecimal(Output out, int value) {
        int unit = 1;
        while (unit <= value / 10) {
            unit *= 10;
        }
        for (; unit > 0; unit /= 10) {
            out.writeByte('0' + value / unit % 10);
        }
    }
}
