package io.logspout.testsupport;

/**
 * One message as the {@link RsyslogServer}'s rsyslogd parsed it: its own reading of the fields,
 * the independent check of what a syslog sender wrote.
 *
 * <p>rsyslog's conventions show through, on purpose: a field the message leaves out (RFC 5424's
 * {@code -}) is {@code -}; in an RFC 3164 message the text after {@code tag[pid]:} keeps its
 * leading space ({@code " boom"}); control characters in the message arrive escaped as
 * {@code #ooo} octal ({@code #011} for a tab); a trailing line feed is dropped.
 *
 * @param pri the PRI number ({@code 14} for user.info)
 * @param hostname HOSTNAME
 * @param appName APP-NAME, or the RFC 3164 tag without its {@code [pid]}
 * @param procId PROCID, or the pid between the RFC 3164 tag's brackets
 * @param msgId MSGID
 * @param structuredData STRUCTURED-DATA, brackets included ({@code [id@1 k="v"]}), or {@code -}
 * @param msg the message text
 * @param timestamp TIMESTAMP as rsyslog understood it, in RFC 3339 ({@code 2021-12-03T10:15:30Z},
 *     {@code 2021-12-03T10:15:30.123456+01:00}); the time of reception when the sender's did not parse
 * @param input the listener it came through: {@code udp}, {@code tcp} or {@code tls}
 * @param raw the whole message as framed, before parsing
 */
public record SyslogRecord(
        int pri,
        String hostname,
        String appName,
        String procId,
        String msgId,
        String structuredData,
        String msg,
        String timestamp,
        String input,
        String raw) {
}
