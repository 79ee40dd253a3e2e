package io.logspout.core.store;

import io.logspout.api.ConfigException;

/**
 * The ids a route may have. A stored route's id is its file name, so an id is a safe name on any
 * file system: no path separator, no {@code .} or {@code ..}, bounded in length.
 */
public final class RouteIds {
    /** Leaves room for {@code .json} and a temporary suffix within the usual 255-byte file name limit. */
    public static final int MAX_LENGTH = 128;

    private RouteIds() {
    }

    /** True when {@code id} is 1 to {@link #MAX_LENGTH} of {@code A-Z a-z 0-9 _ . -}, other than {@code .} and {@code ..}. */
    public static boolean isValid(String id) {
        if (id.isEmpty() || id.length() > MAX_LENGTH || id.equals(".") || id.equals("..")) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns {@code id} when it is valid.
     *
     * @throws ConfigException naming the id and what is accepted
     */
    public static String check(String id) {
        if (!isValid(id)) {
            throw new ConfigException("route id '" + id + "' is not valid: use 1 to " + MAX_LENGTH
                    + " of the characters A-Z a-z 0-9 _ . - (not '.' or '..')");
        }
        return id;
    }
}
