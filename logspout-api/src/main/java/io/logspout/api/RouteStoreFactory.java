package io.logspout.api;

import java.util.Optional;

/**
 * Offers a {@link RouteStore}. Register an implementation in
 * {@code META-INF/services/io.logspout.api.RouteStoreFactory}. At startup the first factory, in
 * order of registration, that opens a store provides it; with none, routes live in memory only.
 */
public interface RouteStoreFactory {

    /** Short name for logs ({@code file}). */
    String name();

    /** The store, or empty when this factory is not configured (its directory is missing, say). */
    Optional<RouteStore> open(Config config);
}
