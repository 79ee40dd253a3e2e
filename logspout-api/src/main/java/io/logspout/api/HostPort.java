package io.logspout.api;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A route's destination address, {@code host:port}: the one place that reads it, for route
 * parsing and for every transport. A value: transports look it up ({@link #resolve()}) and
 * connect to it themselves.
 *
 * @param host a host name or IPv4 address, or an IPv6 address without its brackets
 * @param port 1 to 65535
 */
public record HostPort(String host, int port) {
    private static final String ACCEPTED = "write host:port, e.g. logs.example.com:514, 10.0.0.5:514 or [2001:db8::5]:514";

    public HostPort {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty() || port < 1 || port > 65535) {
            throw new IllegalArgumentException("not a destination: host '" + host + "', port " + port);
        }
    }

    /**
     * Reads {@code host:port} or {@code [ipv6]:port}.
     *
     * @throws ConfigException naming the address, what is wrong with it and what is accepted
     */
    public static HostPort parse(String address) {
        return parse(address, 0);
    }

    /**
     * Reads {@code host:port}, {@code [ipv6]:port}, or, when {@code defaultPort} is a port, also
     * {@code host} and {@code [ipv6]} alone, which get that port.
     *
     * @param defaultPort the port of an address without one (1 to 65535), or 0 when it needs one
     * @throws ConfigException naming the address, what is wrong with it and what is accepted
     */
    public static HostPort parse(String address, int defaultPort) {
        if (address == null || address.isEmpty()) {
            throw bad("", "it is empty");
        }
        String host;
        String port;
        if (address.startsWith("[")) {
            int close = address.indexOf(']');
            if (close < 0) {
                throw bad(address, "the IPv6 address has no closing ']'");
            }
            host = address.substring(1, close);
            if (!isIpv6Literal(host)) {
                throw bad(address, "'" + host + "' in brackets is not an IPv6 address");
            }
            if (close + 1 == address.length() && defaultPort > 0) {
                return new HostPort(host, defaultPort);
            }
            if (close + 1 >= address.length() || address.charAt(close + 1) != ':') {
                throw bad(address, "no :port after the IPv6 address");
            }
            port = address.substring(close + 2);
        } else {
            int colon = address.lastIndexOf(':');
            if (colon < 0 && defaultPort == 0) {
                throw bad(address, "no :port");
            }
            host = colon < 0 ? address : address.substring(0, colon);
            port = colon < 0 ? Integer.toString(defaultPort) : address.substring(colon + 1);
            if (host.isEmpty()) {
                throw bad(address, "no host before the :port");
            }
            if (host.indexOf(':') >= 0) {
                throw bad(address, "an IPv6 address needs brackets, [" + host + "]:" + port);
            }
            for (int i = 0; i < host.length(); i++) {
                char c = host.charAt(i);
                if (!isHostChar(c)) {
                    throw bad(address, "the host has a character '" + c + "' that no host name has (letters, digits, '.', '-', '_')");
                }
            }
        }
        return new HostPort(host, parsePort(address, port));
    }

    private static int parsePort(String address, String port) {
        int value = 0;
        for (int i = 0; i < port.length() && value <= 65535; i++) {
            char c = port.charAt(i);
            if (c < '0' || c > '9') {
                value = -1;
                break;
            }
            value = value * 10 + (c - '0');
        }
        if (port.isEmpty() || value < 1 || value > 65535) {
            throw bad(address, "the port '" + port + "' is not a number from 1 to 65535");
        }
        return value;
    }

    private static boolean isHostChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_';
    }

    /** Hex digits, colons and dots (an embedded IPv4), then an optional {@code %zone}. */
    private static boolean isIpv6Literal(String host) {
        int zone = host.indexOf('%');
        String address = zone < 0 ? host : host.substring(0, zone);
        if (address.indexOf(':') < 0 || zone == host.length() - 1) {
            return false;
        }
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (Character.digit(c, 16) < 0 && c != ':' && c != '.') {
                return false;
            }
        }
        return true;
    }

    private static ConfigException bad(String address, String problem) {
        return new ConfigException("address '" + address + "': " + problem + "; " + ACCEPTED);
    }

    /**
     * Looks the host up now, so a reconnect follows a destination that moved.
     *
     * @return the host's addresses with the port, in the resolver's order; never empty
     * @throws UnknownHostException naming this address when the host cannot be resolved
     */
    public List<InetSocketAddress> resolve() throws UnknownHostException {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            UnknownHostException named = new UnknownHostException("cannot resolve the host of " + this + ": " + e.getMessage());
            named.initCause(e);
            throw named;
        }
        List<InetSocketAddress> result = new ArrayList<>(addresses.length);
        for (InetAddress address : addresses) {
            result.add(new InetSocketAddress(address, port));
        }
        return result;
    }

    /** {@code host:port}, with brackets around an IPv6 address. */
    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
