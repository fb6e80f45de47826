package io.friendchat.server.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The reverse proxies whose forwarding headers are believed, as IP addresses and CIDR ranges
 * ({@code 10.0.0.0/8}, {@code ::1}). Only literal addresses are accepted, so parsing never
 * touches DNS.
 */
public final class TrustedProxies {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private record Range(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Range> ranges;
    private final String text;

    private TrustedProxies(List<Range> ranges, String text) {
        this.ranges = List.copyOf(ranges);
        this.text = text;
    }

    public static TrustedProxies none() {
        return new TrustedProxies(List.of(), "");
    }

    /**
     * Parses a comma-separated list of IP addresses and CIDR ranges; an empty list trusts no one.
     *
     * @throws IllegalArgumentException naming the entry that is not an address or range
     */
    public static TrustedProxies parse(String csv) {
        List<Range> ranges = new ArrayList<>();
        for (String part : csv.split(",")) {
            String entry = part.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int slash = entry.indexOf('/');
            InetAddress address = literal(slash < 0 ? entry : entry.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException("must be a comma-separated list of IP addresses or CIDR ranges "
                        + "like 10.0.0.0/8, not '" + entry + "'");
            }
            byte[] bytes = address.getAddress();
            int prefix = bytes.length * 8;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > bytes.length * 8) {
                    throw new IllegalArgumentException("has a CIDR prefix out of range in '" + entry + "'");
                }
            }
            ranges.add(new Range(bytes, prefix));
        }
        return new TrustedProxies(ranges, csv.trim());
    }

    /**
     * The address written as an IPv4 or IPv6 literal (brackets allowed), or null for anything
     * else, host names included: no DNS lookup is ever made.
     */
    public static InetAddress literal(String text) {
        String s = text.trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        boolean v4 = IPV4.matcher(s).matches();
        if (!v4 && !IPV6.matcher(s).matches()) {
            return null;
        }
        if (v4) {
            // An out-of-range dotted quad would otherwise be looked up as a host name.
            for (String octet : s.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return null;
                }
            }
        }
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    public boolean contains(InetAddress address) {
        if (address == null) {
            return false;
        }
        byte[] bytes = address.getAddress();
        for (Range range : ranges) {
            if (range.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text;
    }
}
